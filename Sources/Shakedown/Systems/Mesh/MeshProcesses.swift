import Foundation

/// The command lines of a mesh's processes (`shakedown-mesh ROLE ...`), in start order, each
/// with the log line that says it is ready.
struct MeshProcesses {
    struct Entry {
        var process: ProcessSpec
        var readyLine: String
    }

    let plan: MeshPlan
    let executable: URL
    let dataDirectory: URL

    var all: [Entry] {
        var entries = [registry, controlPlane, tracing]
        entries += plan.pods.map(app)
        entries += plan.pods.map(sidecar)
        return entries
    }

    private func role(_ name: String, _ arguments: [String], environment: [String: String] = [:]) -> ProcessSpec {
        ProcessSpec(name: name, executable: executable, arguments: arguments, environment: environment)
    }

    var registry: Entry {
        Entry(process: role("registry", ["registry", "--listen", "127.0.0.1:\(plan.registryPort)"]), readyLine: "registry ready")
    }

    var controlPlane: Entry {
        Entry(
            process: role("control-plane", [
                "control-plane", "--config-listen", "127.0.0.1:\(plan.configPort)",
                "--discovery-listen", "127.0.0.1:\(plan.discoveryPort)", "--registry", plan.registryURL,
                "--data-dir", dataDirectory.appendingPathComponent("control-plane").path,
            ]),
            readyLine: "control-plane ready")
    }

    var tracing: Entry {
        Entry(process: role("tracing", ["tracing", "--listen", "127.0.0.1:\(plan.tracingPort)"]), readyLine: "tracing ready")
    }

    /// The app registers itself from SERVICE_NAME / SERVICE_TAGS / SERVICE_PROTOCOL, as the
    /// seed's containers had registrator do. Ready once registered: the app logs
    /// `registered <id>` (Mesh's BookinfoRegistration id) when the registry took it, after it
    /// serves; its `app … ready` line comes before registration, which runs in the background.
    func app(_ pod: MeshPlan.Pod) -> Entry {
        Entry(
            process: role(
                pod.name,
                [
                    "app", pod.service, "--version", pod.version, "--ip", pod.ip, "--registry", plan.registryURL,
                    "--proxy", "\(pod.ip):\(MeshPlan.proxyPort)", "--registrator", plan.registrator.rawValue,
                ],
                environment: [
                    "SERVICE_NAME": pod.service, "SERVICE_TAGS": "version|\(pod.version)", "SERVICE_PROTOCOL": "http",
                ]),
            readyLine: "registered shakedown:\(pod.service)-\(pod.version):\(MeshPlan.servicePort)")
    }

    func sidecar(_ pod: MeshPlan.Pod) -> Entry {
        var arguments = [
            "sidecar", "--ip", pod.ip, "--name", pod.name, "--service-cluster", pod.service,
            "--control-plane", plan.discoveryURL, "--zipkin", plan.tracingURL,
        ]
        if pod.service == "productpage" {
            arguments += ["--publish", "127.0.0.1:\(plan.productpagePort)=\(MeshPlan.servicePort)"]
        }
        return Entry(process: role("\(pod.name)-sidecar", arguments), readyLine: "sidecar ready")
    }
}
