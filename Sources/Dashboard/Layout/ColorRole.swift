/// What a piece of the screen means; the painter turns it into a colour, or into bold,
/// dim, reverse or underline on a monochrome terminal (or with `NO_COLOR`).
public enum ColorRole: Int, Sendable, Equatable, CaseIterable {
    case normal, muted, border, focusBorder, title, accent, ok, warn, error, demo, identity, thinking, tool, selected
}
