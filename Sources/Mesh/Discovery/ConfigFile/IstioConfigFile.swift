import Foundation
import Yams

/// Interim config source until the ConfigAPI part's store is wired: a multi-document Istio
/// YAML file (what `kubectl apply -f` takes) read into an `IstioConfigSet`. Documents are
/// numbered in file order, which stands in for creation order.
public enum IstioConfigFile {
    private struct Object<Spec: Decodable>: Decodable {
        struct Metadata: Decodable {
            var name: String
            var namespace: String?
        }

        var metadata: Metadata
        var spec: Spec
    }

    private struct Header: Decodable {
        var apiVersion: String?
        var kind: String?
    }

    public static func load(path: String) throws -> IstioConfigSet {
        let text: String
        do {
            text = try String(contentsOfFile: path, encoding: .utf8)
        } catch {
            throw IstioConfigFileError("\(path): cannot read: \(error.localizedDescription)")
        }
        return try parse(text, source: path)
    }

    /// Errors name the source and the document number (1-based).
    public static func parse(_ text: String, source: String = "<config>") throws -> IstioConfigSet {
        var set = IstioConfigSet()
        let decoder = YAMLDecoder()
        // Parser.nextRoot throws on bad YAML; compose_all's sequence would silently stop.
        var documents: [Node] = []
        do {
            let parser = try Parser(yaml: text)
            while let node = try parser.nextRoot() { documents.append(node) }
        } catch {
            throw IstioConfigFileError("\(source): document \(documents.count + 1) is not YAML: \(error)")
        }
        for (offset, node) in documents.enumerated() {
            let number = offset + 1
            // An empty document (a trailing `---`) holds nothing.
            if let scalar = node.scalar, ["", "~", "null"].contains(scalar.string) { continue }
            do {
                let header = try decoder.decode(Header.self, from: node)
                switch header.kind {
                case "VirtualService":
                    let object = try decoder.decode(Object<VirtualService>.self, from: node)
                    set.virtualServices.append(
                        IstioConfigEntry(
                            name: object.metadata.name, namespace: object.metadata.namespace ?? "default", creationIndex: number,
                            spec: object.spec))
                case "DestinationRule":
                    let object = try decoder.decode(Object<DestinationRule>.self, from: node)
                    set.destinationRules.append(
                        IstioConfigEntry(
                            name: object.metadata.name, namespace: object.metadata.namespace ?? "default", creationIndex: number,
                            spec: object.spec))
                default:
                    throw IstioConfigFileError("kind '\(header.kind ?? "")' is not VirtualService or DestinationRule")
                }
            } catch let error as IstioConfigFileError {
                throw IstioConfigFileError("\(source): document \(number): \(error.description)")
            } catch {
                throw IstioConfigFileError("\(source): document \(number): \(error)")
            }
        }
        return set
    }
}

public struct IstioConfigFileError: Error, CustomStringConvertible {
    public var description: String

    public init(_ description: String) { self.description = description }
}
