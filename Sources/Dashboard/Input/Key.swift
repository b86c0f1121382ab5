/// A key press, decoded from the terminal (or made up by a test).
public enum Key: Sendable, Equatable {
    case up, down, pageUp, pageDown, home, end
    case enter, escape, tab, backTab, backspace
    case character(Character)
}
