/// A short message in the footer (a command's result), shown until `until`.
public struct Toast: Sendable, Equatable {
    public var text: String
    public var ok: Bool
    public var until: Double

    public init(text: String, ok: Bool, until: Double) {
        self.text = text
        self.ok = ok
        self.until = until
    }
}
