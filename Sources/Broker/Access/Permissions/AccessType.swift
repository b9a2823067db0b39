/// The three permissions RabbitMQ grants per user and vhost (rabbit_access_control's
/// permission_atom). Topic permissions have only write and read.
public enum AccessType: String, Hashable, Sendable, CaseIterable {
    case configure
    case write
    case read
}
