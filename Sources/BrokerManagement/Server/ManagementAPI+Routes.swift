import Hummingbird

/// The route table: every path of the API, its methods, who may call each, and the handler.
extension ManagementAPI {
    static let routes: [Route] = [
        Route("api/overview", [(.get, .management, { try await $0.overview($1) })]),
        Route("api/whoami", [(.get, .management, { try await $0.whoami($1) })]),

        Route("api/users", [(.get, .administrator, { try await $0.listUsers($1) })]),
        Route("api/users/{user}", [
            (.get, .administrator, { try await $0.getUser($1) }),
            (.put, .administrator, { try await $0.putUser($1) }),
            (.delete, .administrator, { try await $0.deleteUser($1) }),
        ]),
        Route("api/users/{user}/permissions", [(.get, .administrator, { try await $0.userPermissions($1) })]),
        Route("api/users/{user}/topic-permissions", [(.get, .administrator, { try await $0.userTopicPermissions($1) })]),

        Route("api/vhosts", [(.get, .management, { try await $0.listVhosts($1) })]),
        Route("api/vhosts/{vhost}", [
            (.get, .vhost, { try await $0.getVhost($1) }),
            (.put, .administrator, { try await $0.putVhost($1) }),
            (.delete, .administrator, { try await $0.deleteVhost($1) }),
        ]),
        Route("api/vhosts/{vhost}/permissions", [(.get, .administrator, { try await $0.vhostPermissions($1) })]),
        Route("api/vhosts/{vhost}/topic-permissions", [(.get, .administrator, { try await $0.vhostTopicPermissions($1) })]),

        Route("api/permissions", [(.get, .administrator, { try await $0.listPermissions($1) })]),
        Route("api/permissions/{vhost}/{user}", [
            (.get, .administrator, { try await $0.getPermission($1) }),
            (.put, .administrator, { try await $0.putPermission($1) }),
            (.delete, .administrator, { try await $0.deletePermission($1) }),
        ]),
        Route("api/topic-permissions", [(.get, .administrator, { try await $0.listTopicPermissions($1) })]),
        Route("api/topic-permissions/{vhost}/{user}", [
            (.get, .administrator, { try await $0.getTopicPermissions($1) }),
            (.put, .administrator, { try await $0.putTopicPermission($1) }),
            (.delete, .administrator, { try await $0.deleteTopicPermissions($1) }),
        ]),

        Route("api/exchanges", [(.get, .management, { try await $0.listExchanges($1) })]),
        Route("api/exchanges/{vhost}", [(.get, .vhost, { try await $0.listExchanges($1) })]),
        Route("api/exchanges/{vhost}/{exchange}", [
            (.get, .vhost, { try await $0.getExchange($1) }),
            (.put, .vhost, { try await $0.putExchange($1) }),
            (.delete, .vhost, { try await $0.deleteExchange($1) }),
        ]),
        Route("api/exchanges/{vhost}/{exchange}/publish", [(.post, .vhost, { try await $0.publish($1) })]),
        Route("api/exchanges/{vhost}/{exchange}/bindings/source", [(.get, .vhost, { try await $0.exchangeSourceBindings($1) })]),
        Route("api/exchanges/{vhost}/{exchange}/bindings/destination", [(.get, .vhost, { try await $0.exchangeDestinationBindings($1) })]),

        Route("api/queues", [(.get, .management, { try await $0.listQueues($1) })]),
        Route("api/queues/{vhost}", [(.get, .vhost, { try await $0.listQueues($1) })]),
        Route("api/queues/{vhost}/{queue}", [
            (.get, .vhost, { try await $0.getQueue($1) }),
            (.put, .vhost, { try await $0.putQueue($1) }),
            (.delete, .vhost, { try await $0.deleteQueue($1) }),
        ]),
        Route("api/queues/{vhost}/{queue}/contents", [(.delete, .vhost, { try await $0.purgeQueue($1) })]),
        Route("api/queues/{vhost}/{queue}/get", [(.post, .vhost, { try await $0.getMessages($1) })]),
        Route("api/queues/{vhost}/{queue}/bindings", [(.get, .vhost, { try await $0.queueBindings($1) })]),

        Route("api/bindings", [(.get, .management, { try await $0.listBindings($1) })]),
        Route("api/bindings/{vhost}", [(.get, .vhost, { try await $0.listBindings($1) })]),
    ] + bindingRoutes(kind: "q") + bindingRoutes(kind: "e") + [
        Route("api/connections", [(.get, .management, { try await $0.listConnections($1) })]),
        Route("api/channels", [(.get, .management, { try await $0.listChannels($1) })]),

        Route("api/definitions", [
            (.get, .administrator, { try await $0.exportDefinitions($1) }),
            (.post, .administrator, { try await $0.importDefinitions($1) }),
        ]),
        Route("api/definitions/{vhost}", [
            (.get, .administrator, { try await $0.exportVhostDefinitions($1) }),
            (.post, .administrator, { try await $0.importVhostDefinitions($1) }),
        ]),
    ]

    /// /api/bindings/{vhost}/e/{source}/{q|e}/{destination}[/{props}]; the handlers read the
    /// destination's kind from the `kind` parameter.
    private static func bindingRoutes(kind: String) -> [Route] {
        func with(_ handler: @escaping Handler) -> Handler {
            { api, request in
                var request = request
                request.parameters["kind"] = kind
                return try await handler(api, request)
            }
        }
        return [
            Route("api/bindings/{vhost}/e/{source}/\(kind)/{destination}", [
                (.get, .vhost, with { try await $0.listBindingsBetween($1) }),
                (.post, .vhost, with { try await $0.createBinding($1) }),
            ]),
            Route("api/bindings/{vhost}/e/{source}/\(kind)/{destination}/{props}", [
                (.get, .vhost, with { try await $0.getBinding($1) }),
                (.delete, .vhost, with { try await $0.deleteBinding($1) }),
            ]),
        ]
    }
}
