/// One run of a streamed answer: plain text, thinking, or a tool call with its arguments so far.
public enum TranscriptSegment: Sendable, Equatable {
    case text(String)
    case thinking(String)
    case toolCall(index: Int, name: String, arguments: String)

    var characterCount: Int {
        switch self {
        case .text(let text), .thinking(let text): text.count
        case .toolCall(_, let name, let arguments): name.count + arguments.count
        }
    }
}
