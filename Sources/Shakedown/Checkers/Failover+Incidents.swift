/// A slot-owning master lost to a fault, with what the cluster looked like just before.
struct Incident {
    var master: String
    /// The slots it owned; nil when only the topology was known (no snapshot yet).
    var slots: SlotSet?
    var replicas: [String]
    /// The slot-owning masters just before the fault: the cluster size for a majority.
    var masters: Set<String>
    var cause: FaultEvent
    /// When the master came back (resumed, restarted, partition healed or redrawn); nil if never.
    var end: Int64?

    /// One incident per slot-owning master that a kill or pause took down, or a partition cut
    /// off from the majority side.
    static func all(faults: [FaultEvent], observations: ClusterObservations, names: NodeNames) -> [Incident] {
        var incidents: [Incident] = []
        for (position, fault) in faults.enumerated() where ["kill", "pause", "partition"].contains(fault.f) {
            let roles = observations.snapshot(before: fault.time).map { ClusterRoles(snapshot: $0, names: names) }
                ?? ClusterRoles(started: observations.nodes)
            let masters = Set(roles.slotOwners.keys)
            var victims: [String]
            if fault.f == "partition" {
                var world = FaultTimeline.World()
                world.groups = fault.partitionGroups(known: names.all)
                let side = world.majoritySide(of: masters, nodes: names.all)
                victims = masters.filter { side?.contains($0) != true }.sorted()
            } else {
                victims = fault.nodes.filter(masters.contains)
            }
            for master in victims {
                let later = faults[(position + 1)...]
                let back = later.first { event in
                    fault.f == "partition"
                        ? event.f == "heal" || event.f == "partition"
                        : (event.f == "resume" || event.f == "restart") && event.nodes.contains(master)
                }
                let slots = roles.slotOwners[master].flatMap { $0.isEmpty ? nil : $0 }
                incidents.append(
                    Incident(
                        master: master, slots: slots, replicas: roles.replicas(of: master), masters: masters,
                        cause: fault, end: back?.time))
            }
        }
        return incidents
    }
}

/// A replica seen taking over its master's slots: first seen claiming them at `seen`, last
/// seen not claiming them at `notBefore` (so it happened in between).
struct Promotion {
    var node: String
    var seen: Int64
    var notBefore: Int64?
}

extension FailoverChecker {
    /// How the world stood, for one incident, during one segment of the fault timeline.
    enum Condition: Equatable {
        case failoverExpected
        case noMajority(largestUp: Int)
        case noLiveReplica
        case masterBack
    }

    func condition(of incident: Incident, in world: FaultTimeline.World, names: NodeNames) -> Condition {
        guard let side = world.majoritySide(of: incident.masters, nodes: names.all) else {
            return .noMajority(largestUp: world.largestUp(of: incident.masters, nodes: names.all))
        }
        if world.isUp(incident.master, on: side) { return .masterBack }
        return incident.replicas.contains { world.isUp($0, on: side) } ? .failoverExpected : .noLiveReplica
    }

    /// Every time a replica of the incident's master is seen newly claiming its slots.
    func promotions(for incident: Incident, in observations: ClusterObservations) -> [Promotion] {
        var found: [Promotion] = []
        for replica in incident.replicas {
            var claiming = false
            var lastNotClaiming: Int64?
            for snapshot in observations.snapshots {
                guard let view = snapshot.view(of: replica), view.reachable, let me = view.myself else { continue }
                let mine = SlotSet(ranges: me.slots)
                let claims = me.isMaster && (incident.slots.map(mine.intersects) ?? !mine.isEmpty)
                if claims && !claiming {
                    found.append(Promotion(node: replica, seen: snapshot.time, notBefore: lastNotClaiming))
                }
                if !claims { lastNotClaiming = snapshot.time }
                claiming = claims
            }
        }
        return found.sorted { $0.seen < $1.seen }
    }

    func judge(
        _ incident: Incident, timeline: FaultTimeline, observations: ClusterObservations, names: NodeNames,
        into findings: inout Findings, promotions count: inout PromotionCount
    ) {
        let start = incident.cause.time
        let end = incident.end ?? .max
        let bound = promotedWithin.nanoseconds
        let promotions = promotions(for: incident, in: observations).filter { $0.seen > start && $0.seen <= end }
        let segments = timeline.segments(from: start, to: end).map { segment in
            (start: max(segment.start, start), condition: condition(of: incident, in: segment.world, names: names),
             event: segment.event)
        }
        let what = "\(incident.master) (lost to \(incident.cause.text))"
        if incident.replicas.isEmpty {
            findings.notes.append("\(what): it had no replica, so no promotion was possible")
        }

        // No promotion may happen while no majority exists.
        for promotion in promotions {
            let from = max(promotion.notBefore ?? start, start)
            let during = segments.indices.filter { index in
                let segmentEnd = index + 1 < segments.count ? segments[index + 1].start : end
                return segments[index].start < promotion.seen && segmentEnd > from
            }
            guard !during.isEmpty,
                during.allSatisfy({ if case .noMajority = segments[$0].condition { true } else { false } }),
                case .noMajority(let largestUp) = segments[during[0]].condition
            else { continue }
            findings.failures.append(
                "\(promotion.node) promoted at \(CheckText.seconds(promotion.seen)) without a majority "
                    + "(only \(largestUp) of \(incident.masters.count) slot-owning masters reachable together after "
                    + "\(segments[during[0]].event?.text ?? incident.cause.text)); it replaced \(incident.master)")
            findings.evidence.append(incident.cause.index)
            if let event = segments[during[0]].event { findings.evidence.append(event.index) }
        }

        // While a majority and a live replica remain, a replica must take over within the bound.
        guard expect != .none else { return }
        var index = 0
        while index < segments.count {
            guard segments[index].condition == .failoverExpected else {
                index += 1
                continue
            }
            var runEnd = index
            while runEnd + 1 < segments.count && segments[runEnd + 1].condition == .failoverExpected { runEnd += 1 }
            let runStart = segments[index].start
            let stopsAt = runEnd + 1 < segments.count ? segments[runEnd + 1].start : end
            defer { index = runEnd + 1 }
            if promotions.contains(where: { $0.seen <= runStart }) { continue }
            let since = segments[index].event.map(\.text) ?? incident.cause.text
            count.required += 1
            if let promotion = promotions.first(where: { $0.seen > runStart && $0.seen <= runStart + bound }) {
                count.seen += 1
                findings.notes.append(
                    "\(what): \(promotion.node) promoted at \(CheckText.seconds(promotion.seen)), "
                        + "\(CheckText.seconds(promotion.seen - runStart)) after \(since)")
                continue
            }
            if stopsAt < runStart + bound {
                count.required -= 1
                findings.notes.append(
                    "\(what): conditions for a failover ended at \(CheckText.seconds(stopsAt)), before the "
                        + "\(CheckText.duration(promotedWithin)) bound; no promotion required")
                continue
            }
            if !observations.snapshots.contains(where: { $0.time >= runStart + bound }) {
                findings.unknowns.append(
                    "snapshots end at \(CheckText.seconds(observations.snapshots.last!.time)), before the "
                        + "\(CheckText.duration(promotedWithin)) bound after \(since) expired")
                continue
            }
            findings.failures.append(
                "no replica of \(incident.master) (\(incident.replicas.joined(separator: ", "))) promoted within "
                    + "\(CheckText.duration(promotedWithin)) after \(since)"
                    + (promotions.first.map { "; \($0.node) only at \(CheckText.seconds($0.seen))" } ?? ""))
            findings.evidence.append(incident.cause.index)
        }
    }

    /// `expect: none`: no node that was ever a replica may later claim slots as a master.
    func checkNoPromotion(_ observations: ClusterObservations, names: NodeNames, into findings: inout Findings) {
        for name in names.all {
            var wasReplica = observations.nodes.first { $0.name == name }?.role == .replica
            for snapshot in observations.snapshots {
                guard let view = snapshot.view(of: name), view.reachable, let me = view.myself else { continue }
                if me.isMaster && !me.slots.isEmpty && wasReplica {
                    findings.failures.append(
                        "\(name) promoted at \(CheckText.seconds(snapshot.time)) (claims slots "
                            + "\(SlotSet.text(me.slots))) although no promotion was expected")
                    break
                }
                if !me.isMaster { wasReplica = true }
            }
        }
    }
}
