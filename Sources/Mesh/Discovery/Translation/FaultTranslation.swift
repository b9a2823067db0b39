/// `translateFault` (route.go): `percentage.value` becomes value × 10000 per MILLION; without
/// `percentage` Pilot 1.1 falls back to the deprecated integer `percent`, which is 0 when unset
/// (so an unset percentage injects nothing, whatever the API text says).
enum FaultTranslation {
    static func translate(_ fault: VirtualService.HTTPFaultInjection?, warnings: inout [String]) -> XDSFault? {
        guard let fault else { return nil }
        var out = XDSFault()
        if let delay = fault.delay {
            if let text = delay.fixedDelay, let milliseconds = GoDuration.milliseconds(text) {
                out.delay = XDSFault.Delay(
                    fixedDelay: XDSDuration.text(milliseconds: milliseconds),
                    percentage: percentage(delay.percentage, fallback: delay.percent))
            } else {
                warnings.append("fault.delay without a valid fixedDelay is not supported; ignored")
            }
        }
        if let abort = fault.abort {
            if let status = abort.httpStatus {
                out.abort = XDSFault.Abort(httpStatus: status, percentage: percentage(abort.percentage, fallback: abort.percent))
            } else {
                warnings.append("Non-HTTP type abort faults are not yet supported")
            }
        }
        return out.delay == nil && out.abort == nil ? nil : out
    }

    static func percentage(_ percentage: VirtualService.HTTPFaultInjection.Percent?, fallback: Int?) -> XDSFault.Percentage {
        if let percentage {
            // Go's uint32(float) conversion truncates; negative or huge values are clamped.
            let scaled = (percentage.value * 10_000).rounded(.towardZero)
            return XDSFault.Percentage(numerator: scaled.isFinite ? Int(max(0, min(scaled, 1_000_000))) : 0)
        }
        return XDSFault.Percentage(numerator: max(0, min(fallback ?? 0, 100)) * 10_000)
    }
}
