import Foundation

/// The `meta.k8s.io/v1` Table the apiserver answers `kubectl get` with (it asks with
/// `Accept: application/json;as=Table;...`): Istio 1.1's CRDs had no printer columns, so
/// NAME and AGE, each row carrying the object's metadata.
enum ResourceTable {
    static let columns: JSONValue = [
        [
            "name": "Name", "type": "string", "format": "name", "priority": 0,
            "description": "Name must be unique within a namespace.",
        ],
        [
            "name": "Age", "type": "date", "format": "", "priority": 0,
            "description": "CreationTimestamp is a timestamp representing the server time when this object was created.",
        ],
    ]

    static func table(_ objects: [JSONValue], resourceVersion: String, now: Date = Date()) -> JSONValue {
        [
            "kind": "Table", "apiVersion": "meta.k8s.io/v1", "metadata": ["resourceVersion": .string(resourceVersion)],
            "columnDefinitions": columns,
            "rows": .array(objects.map { row($0, now: now) }),
        ]
    }

    private static func row(_ object: JSONValue, now: Date) -> JSONValue {
        let metadata = object["metadata"] ?? .object([:])
        let created = metadata["creationTimestamp"]?.stringValue.flatMap { try? Date($0, strategy: .iso8601) }
        let age = created.map { humanDuration(now.timeIntervalSince($0)) } ?? "<unknown>"
        return [
            "cells": [metadata["name"] ?? "", .string(age)],
            "object": ["kind": "PartialObjectMetadata", "apiVersion": "meta.k8s.io/v1", "metadata": metadata],
        ]
    }

    /// kubectl's AGE wording (apimachinery's HumanDuration): 45s, 5m30s, 40m, 3h5m, 40h, 3d5h, 90d, 2y10d.
    static func humanDuration(_ interval: TimeInterval) -> String {
        let seconds = Int(interval)
        if seconds < -1 { return "<invalid>" }
        if seconds < 0 { return "0s" }
        if seconds < 120 { return "\(seconds)s" }
        let minutes = seconds / 60
        if minutes < 10 { return seconds % 60 == 0 ? "\(minutes)m" : "\(minutes)m\(seconds % 60)s" }
        if minutes < 180 { return "\(minutes)m" }
        let hours = minutes / 60
        if hours < 8 { return minutes % 60 == 0 ? "\(hours)h" : "\(hours)h\(minutes % 60)m" }
        if hours < 48 { return "\(hours)h" }
        if hours < 24 * 8 { return hours % 24 == 0 ? "\(hours / 24)d" : "\(hours / 24)d\(hours % 24)h" }
        if hours < 24 * 365 * 2 { return "\(hours / 24)d" }
        let days = (hours / 24) % 365
        if hours < 24 * 365 * 8 { return days == 0 ? "\(hours / 24 / 365)y" : "\(hours / 24 / 365)y\(days)d" }
        return "\(hours / 24 / 365)y"
    }
}
