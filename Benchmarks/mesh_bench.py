#!/usr/bin/env python3
"""An app directly versus the same app through one shakedown-mesh sidecar, side by side.

Starts a registry, a Zipkin collector and the details app (release builds), then for each of
three configurations a control plane and the app's sidecar: tracing with Pilot 1.1's own
default of 100 % sampling (PILOT_TRACE_SAMPLING unset; also the demo profile's), tracing with
1 % (the value Istio 1.1's Helm `default` profile sets), and without tracing. Each round runs
wrk against details' `/details/0` straight at the app (POD:19080) and through the sidecar's
inbound listener (POD:9080), alternating, at a fixed ~1,000 requests/s (wrk has no rate option:
10 connections each pausing 10 ms between requests, via a Lua `delay()`; the achieved rate is
printed) and at full speed. Prints p50/p99 of each, the added latency (sidecar minus direct),
the throughput ratio (sidecar / direct) and the sidecar's CPU per request. wrk, the app, the
sidecar and the collector share the machine's cores. Targets from issue 6: under 1 ms added
p99 at 1,000 rps, and at least half the direct throughput at full speed.
Build first: `swift build -c release --product shakedown-mesh` (make bench-mesh does).
"""
import os
import random
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
MESH = os.path.join(ROOT, ".build", "release", "shakedown-mesh")
SECONDS = int(os.environ.get("BENCH_SECONDS", "10"))
ROUNDS = int(os.environ.get("BENCH_ROUNDS", "3"))
PACED_LUA = "function delay() return 10 end\n"


def free_port():
    # Below the ephemeral range, like the harness's FreePort.
    import socket
    for _ in range(200):
        port = random.randint(10000, 30000)
        with socket.socket() as s:
            try:
                s.bind(("127.0.0.1", port))
                return port
            except OSError:
                continue
    raise SystemExit("no free port")


def start(name, args, folder, ready, env=None):
    log = open(os.path.join(folder, f"{name}.log"), "w+")
    proc = subprocess.Popen([MESH] + args, stdout=log, stderr=subprocess.STDOUT, env=env)
    deadline = time.time() + 30
    while time.time() < deadline:
        log.seek(0)
        if ready in log.read():
            return proc
        if proc.poll() is not None:
            break
        time.sleep(0.05)
    log.seek(0)
    raise SystemExit(f"{name} did not become ready; its log:\n{log.read()}")


def to_ms(text):
    value = float(re.match(r"[\d.]+", text).group(0))
    if text.endswith("us"):
        return value / 1000
    if text.endswith("ms"):
        return value
    if text.endswith("s"):
        return value * 1000
    return value


def wrk(url, paced):
    args = ["wrk", "--latency", "-d", f"{SECONDS}s"]
    script = None
    if paced:
        script = tempfile.NamedTemporaryFile("w", suffix=".lua", delete=False)
        script.write(PACED_LUA)
        script.close()
        args += ["-t", "1", "-c", "10", "-s", script.name]
    else:
        args += ["-t", "1", "-c", "32"]
    out = subprocess.run(args + [url], capture_output=True, text=True, check=True).stdout
    if script:
        os.unlink(script.name)
    rate = float(re.search(r"Requests/sec:\s+([\d.]+)", out).group(1))
    p50 = to_ms(re.search(r"\s50%\s+(\S+)", out).group(1))
    p99 = to_ms(re.search(r"\s99%\s+(\S+)", out).group(1))
    errors = re.search(r"Non-2xx or 3xx responses: (\d+)", out)
    if errors:
        raise SystemExit(f"wrk saw {errors.group(1)} error responses from {url}:\n{out}")
    return rate, p50, p99


def cpu_seconds(proc):
    """User + system CPU time of a process so far (Linux /proc; 0 elsewhere)."""
    try:
        with open(f"/proc/{proc.pid}/stat") as f:
            fields = f.read().rsplit(")", 1)[1].split()
        return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")
    except (OSError, IndexError, ValueError):
        return 0.0


# (label, PILOT_TRACE_SAMPLING for the control plane or None, sidecar reports to the collector)
CONFIGURATIONS = [
    ("tracing at Pilot 1.1's own default, 100 % sampling (the demo profile's too)", "100", True),
    ("tracing at 1 % sampling (Istio 1.1's Helm default profile)", "1", True),
    ("without tracing (no --zipkin)", None, False),
]


def main():
    if not shutil.which("wrk"):
        raise SystemExit("wrk is not installed: apt-get install wrk (make setup does)")
    if not os.access(MESH, os.X_OK):
        raise SystemExit(f"{MESH} is missing: swift build -c release --product shakedown-mesh")
    folder = tempfile.mkdtemp(prefix="mesh-bench-")
    pod = f"127.{random.randint(200, 250)}.{random.randint(1, 254)}.1"
    registry, tracing = free_port(), free_port()
    procs = []
    try:
        procs.append(start("registry", ["registry", "--listen", f"127.0.0.1:{registry}"], folder, "registry ready"))
        procs.append(start("tracing", ["tracing", "--listen", f"127.0.0.1:{tracing}"], folder, "tracing ready"))
        procs.append(start("details", [
            "app", "details", "--version", "v1", "--ip", pod, "--registry", f"http://127.0.0.1:{registry}"],
            folder, "app details-v1 ready"))
        direct = f"http://{pod}:19080/details/0"
        sidecar = f"http://{pod}:9080/details/0"
        print(f"mesh bench: wrk {SECONDS} s per run, {ROUNDS} rounds, details app on {pod}")
        for label, sampling, tracing_on in CONFIGURATIONS:
            # A control plane per configuration: the sampling percentage is Pilot's, mesh-wide.
            config, discovery = free_port(), free_port()
            environment = dict(os.environ)
            environment.pop("PILOT_TRACE_SAMPLING", None)
            if sampling:
                environment["PILOT_TRACE_SAMPLING"] = sampling
            control = start("control-plane", [
                "control-plane", "--config-listen", f"127.0.0.1:{config}", "--discovery-listen", f"127.0.0.1:{discovery}",
                "--registry", f"http://127.0.0.1:{registry}", "--data-dir", os.path.join(folder, "cp")], folder,
                "control-plane ready", env=environment)
            arguments = [
                "sidecar", "--ip", pod, "--name", "details-v1", "--service-cluster", "details",
                "--control-plane", f"http://127.0.0.1:{discovery}"]
            if tracing_on:
                arguments += ["--zipkin", f"http://127.0.0.1:{tracing}"]
            proxy = start("sidecar", arguments, folder, "sidecar ready")
            urllib.request.urlopen(sidecar, timeout=5).read()
            print(f"\n== sidecar {label}")
            for paced in (True, False):
                kind = "paced ~1,000 rps (10 connections)" if paced else "full speed (32 connections)"
                results = {"direct": [], "sidecar": []}
                sidecar_cpu, sidecar_requests = 0.0, 0.0
                for _ in range(ROUNDS):
                    results["direct"].append(wrk(direct, paced))
                    before = cpu_seconds(proxy)
                    results["sidecar"].append(wrk(sidecar, paced))
                    sidecar_cpu += cpu_seconds(proxy) - before
                    sidecar_requests += results["sidecar"][-1][0] * SECONDS
                median = {k: tuple(statistics.median(r[i] for r in v) for i in range(3)) for k, v in results.items()}
                d, s = median["direct"], median["sidecar"]
                print(f"{kind}, medians of {ROUNDS}:")
                print(f"  direct : {d[0]:10,.0f} req/s  p50 {d[1]:.3f} ms  p99 {d[2]:.3f} ms")
                print(f"  sidecar: {s[0]:10,.0f} req/s  p50 {s[1]:.3f} ms  p99 {s[2]:.3f} ms"
                      f"  (sidecar CPU {sidecar_cpu * 1e6 / max(sidecar_requests, 1):.0f} us/request)")
                print(f"  added latency: p50 {s[1] - d[1]:+.3f} ms, p99 {s[2] - d[2]:+.3f} ms; throughput ratio {s[0] / d[0]:.2f}")
            for proc in (proxy, control):
                proc.terminate()
                proc.wait(timeout=10)
    finally:
        for proc in reversed(procs):
            proc.terminate()
        for proc in procs:
            try:
                proc.wait(timeout=5)
            except subprocess.TimeoutExpired:
                proc.kill()
        shutil.rmtree(folder, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
