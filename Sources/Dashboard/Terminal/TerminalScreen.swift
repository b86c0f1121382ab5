import CNcurses
import Foundation

/// The ncurses screen: set up, read keys (waiting at most `keyTimeoutMs`, so the loop idles
/// instead of spinning), paint grids, and give the terminal back. Only the main thread uses it.
@MainActor
final class TerminalScreen {
    static let keyTimeoutMs: Int32 = 100

    let capabilities: TerminalCapabilities
    private let painter: GridPainter
    private var ended = false

    init(environment: [String: String]) {
        setlocale(LC_ALL, "")
        initscr()
        cbreak()
        noecho()
        nonl()
        keypad(cp_stdscr(), true)
        intrflush(cp_stdscr(), false)
        curs_set(0)
        set_escdelay(25)
        timeout(Self.keyTimeoutMs)
        let codeset = String(cString: cp_codeset())
        var colours = has_colors()
        if colours && environment["NO_COLOR"].map({ !$0.isEmpty }) != true {
            colours = start_color() == OK
            use_default_colors()
        }
        capabilities = TerminalCapabilities.detect(environment: environment, codeset: codeset, terminalHasColours: colours)
        painter = GridPainter(colour: capabilities.colour)
    }

    var size: (width: Int, height: Int) {
        var rows: Int32 = 0
        var columns: Int32 = 0
        cp_getmaxyx(cp_stdscr(), &rows, &columns)
        return (Int(columns), Int(rows))
    }

    /// Waits up to `keyTimeoutMs` for a key; `nil` on timeout. `resized` is set on KEY_RESIZE.
    func readKey(resized: inout Bool) -> Key? {
        if TerminalGuard.hasCrashed {
            // The process is going down; keep ncurses from reading (and echoing) the terminal.
            usleep(100_000)
            return nil
        }
        var character: wint_t = 0
        let result = get_wch(&character)
        if result == ERR { return nil }
        if result == KEY_CODE_YES {
            switch Int32(character) {
            case KEY_RESIZE:
                resized = true
                return nil
            case KEY_UP: return .up
            case KEY_DOWN: return .down
            case KEY_PPAGE: return .pageUp
            case KEY_NPAGE: return .pageDown
            case KEY_HOME: return .home
            case KEY_END: return .end
            case KEY_ENTER: return .enter
            case KEY_BTAB: return .backTab
            case KEY_BACKSPACE, KEY_DC: return .backspace
            default: return nil
            }
        }
        switch character {
        case 9: return .tab
        case 10, 13: return .enter
        case 27: return .escape
        case 8, 127: return .backspace
        default:
            guard let scalar = Unicode.Scalar(UInt32(character)), scalar.value >= 0x20 else { return nil }
            return .character(Character(scalar))
        }
    }

    func paint(_ grid: CellGrid, full: Bool) {
        painter.paint(grid, full: full)
    }

    /// OSC 52: most terminals (and tmux with set-clipboard) put this on the clipboard, also over SSH.
    func copyToClipboard(_ text: String) {
        let encoded = Data(text.utf8).base64EncodedString()
        let sequence = "\u{1B}]52;c;\(encoded)\u{07}"
        FileHandle.standardOutput.write(Data(sequence.utf8))
    }

    func end() {
        guard !ended, !TerminalGuard.hasCrashed else { return }
        ended = true
        endwin()
    }
}
