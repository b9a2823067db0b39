/// The full field set of Istio 1.1's VirtualService and DestinationRule (istio/api 1.1.0,
/// networking/v1alpha3, proto3 JSON names), including the fields the typed models in
/// Config/ do not carry, so real Istio files pass the known-fields check.
enum IstioSchemas {
    // MARK: Shared pieces

    static let portSelector = FieldSchema.object(["number": .unsigned, "name": .string])
    static let destination = FieldSchema.object(["host": .string, "subset": .string, "port": portSelector])
    static let stringMatch = FieldSchema.object(["exact": .string, "prefix": .string, "regex": .string])
    static let percent = FieldSchema.object(["value": .number])
    static let headerOperations = FieldSchema.object(["set": .stringMap, "add": .stringMap, "remove": .strings])
    static let headers = FieldSchema.object(["request": headerOperations, "response": headerOperations])

    // MARK: VirtualService

    static let httpMatchRequest = FieldSchema.object([
        "uri": stringMatch, "scheme": stringMatch, "method": stringMatch, "authority": stringMatch,
        "headers": .map(stringMatch), "port": .unsigned, "sourceLabels": .stringMap, "gateways": .strings,
    ])

    static let httpRouteDestination = FieldSchema.object([
        "destination": destination, "weight": .integer(),
        "removeResponseHeaders": .strings, "appendResponseHeaders": .stringMap,
        "removeRequestHeaders": .strings, "appendRequestHeaders": .stringMap,
        "headers": headers,
    ])

    static let routeDestination = FieldSchema.object(["destination": destination, "weight": .integer()])

    static let httpFaultInjection = FieldSchema.object([
        "delay": .object(["percent": .integer(), "fixedDelay": .duration, "exponentialDelay": .duration, "percentage": percent]),
        "abort": .object(["percent": .integer(), "httpStatus": .integer(), "grpcStatus": .string, "http2Error": .string, "percentage": percent]),
    ])

    static let corsPolicy = FieldSchema.object([
        "allowOrigin": .strings, "allowMethods": .strings, "allowHeaders": .strings, "exposeHeaders": .strings,
        "maxAge": .duration, "allowCredentials": .boolean,
    ])

    static let httpRoute = FieldSchema.object([
        "match": .array(httpMatchRequest),
        "route": .array(httpRouteDestination),
        "redirect": .object(["uri": .string, "authority": .string]),
        "rewrite": .object(["uri": .string, "authority": .string]),
        "websocketUpgrade": .boolean,
        "timeout": .duration,
        "retries": .object(["attempts": .integer(), "perTryTimeout": .duration, "retryOn": .string]),
        "fault": httpFaultInjection,
        "mirror": destination,
        "corsPolicy": corsPolicy,
        "appendHeaders": .stringMap,
        "removeResponseHeaders": .strings,
        "appendResponseHeaders": .stringMap,
        "removeRequestHeaders": .strings,
        "appendRequestHeaders": .stringMap,
        "headers": headers,
    ])

    static let tlsRoute = FieldSchema.object([
        "match": .array(.object([
            "sniHosts": .strings, "destinationSubnets": .strings, "port": .unsigned, "sourceSubnet": .string,
            "sourceLabels": .stringMap, "gateways": .strings,
        ])),
        "route": .array(routeDestination),
    ])

    static let tcpRoute = FieldSchema.object([
        "match": .array(.object([
            "destinationSubnets": .strings, "port": .unsigned, "sourceSubnet": .string, "sourceLabels": .stringMap, "gateways": .strings,
        ])),
        "route": .array(routeDestination),
    ])

    static let virtualServiceSpec = FieldSchema.object([
        "hosts": .strings, "gateways": .strings, "http": .array(httpRoute), "tls": .array(tlsRoute), "tcp": .array(tcpRoute),
        "exportTo": .strings,
    ])

    // MARK: DestinationRule

    static let loadBalancer = FieldSchema.object([
        "simple": .enumeration(["ROUND_ROBIN", "LEAST_CONN", "RANDOM", "PASSTHROUGH"]),
        "consistentHash": .object([
            "httpHeaderName": .string,
            "httpCookie": .object(["name": .string, "path": .string, "ttl": .duration]),
            "useSourceIp": .boolean,
            "minimumRingSize": .unsigned,
        ]),
    ])

    static let connectionPool = FieldSchema.object([
        "tcp": .object([
            "maxConnections": .integer(), "connectTimeout": .duration,
            "tcpKeepalive": .object(["probes": .unsigned, "time": .duration, "interval": .duration]),
        ]),
        "http": .object([
            "http1MaxPendingRequests": .integer(), "http2MaxRequests": .integer(), "maxRequestsPerConnection": .integer(),
            "maxRetries": .integer(),
        ]),
    ])

    static let outlierDetection = FieldSchema.object([
        "consecutiveErrors": .integer(), "interval": .duration, "baseEjectionTime": .duration, "maxEjectionPercent": .integer(),
        "minHealthPercent": .integer(),
    ])

    static let tlsSettings = FieldSchema.object([
        "mode": .enumeration(["DISABLE", "SIMPLE", "MUTUAL", "ISTIO_MUTUAL"]),
        "clientCertificate": .string, "privateKey": .string, "caCertificates": .string, "subjectAltNames": .strings, "sni": .string,
    ])

    static let trafficPolicy = FieldSchema.object([
        "loadBalancer": loadBalancer, "connectionPool": connectionPool, "outlierDetection": outlierDetection, "tls": tlsSettings,
        "portLevelSettings": .array(.object([
            "port": portSelector, "loadBalancer": loadBalancer, "connectionPool": connectionPool,
            "outlierDetection": outlierDetection, "tls": tlsSettings,
        ])),
    ])

    static let destinationRuleSpec = FieldSchema.object([
        "host": .string,
        "trafficPolicy": trafficPolicy,
        "subsets": .array(.object(["name": .string, "labels": .stringMap, "trafficPolicy": trafficPolicy])),
        "exportTo": .strings,
    ])

    // MARK: The object around the spec

    /// ObjectMeta as a client may send it.
    static let objectMeta = FieldSchema.object([
        "name": .string, "generateName": .string, "namespace": .string, "selfLink": .string, "uid": .string,
        "resourceVersion": .string, "generation": .integer(), "creationTimestamp": .string, "deletionTimestamp": .string,
        "deletionGracePeriodSeconds": .integer(), "labels": .stringMap, "annotations": .stringMap,
        "ownerReferences": .array(.freeForm), "finalizers": .strings, "managedFields": .array(.freeForm),
    ])

    static func object(spec: FieldSchema) -> FieldSchema {
        .object(["apiVersion": .string, "kind": .string, "metadata": objectMeta, "spec": spec, "status": .freeForm])
    }
}
