import Yams
@testable import Shakedown

/// A checker's settings as a suite would write them.
func parameters(_ yaml: String, path: String = "scenarios[0].checks[0]") throws -> Parameters {
    try Parameters(node: try Yams.compose(yaml: yaml) ?? .scalar(.init("")), file: "suite.yaml", path: path)
}
