import ProxyCore

/// The streamed answer of one request, as it arrives, bounded in size so a long generation
/// cannot grow the dashboard's memory without limit (the oldest text is dropped first).
public struct Transcript: Sendable, Equatable {
    public static let defaultLimit = 24_000

    public private(set) var segments: [TranscriptSegment] = []
    /// Characters dropped from the front to stay within `limit`.
    public private(set) var droppedCharacters = 0
    private var count = 0
    private let limit: Int

    public init(limit: Int = Transcript.defaultLimit) {
        self.limit = limit
    }

    public var isEmpty: Bool { segments.isEmpty }
    /// Characters of visible output, for a tokens/s estimate while streaming.
    public var characterCount: Int { count + droppedCharacters }

    public mutating func append(_ delta: StreamDelta) {
        switch delta {
        case .text(let text):
            if case .text(let previous)? = segments.last {
                segments[segments.count - 1] = .text(previous + text)
            } else {
                segments.append(.text(text))
            }
            count += text.count
        case .reasoning(let text):
            if case .thinking(let previous)? = segments.last {
                segments[segments.count - 1] = .thinking(previous + text)
            } else {
                segments.append(.thinking(text))
            }
            count += text.count
        case .toolCall(let index, let name):
            segments.append(.toolCall(index: index, name: name, arguments: ""))
            count += name.count
        case .toolArguments(let index, let fragment):
            if let position = segments.lastIndex(where: {
                if case .toolCall(index, _, _) = $0 { return true }
                return false
            }), case .toolCall(_, let name, let arguments) = segments[position] {
                segments[position] = .toolCall(index: index, name: name, arguments: arguments + fragment)
            } else {
                segments.append(.toolCall(index: index, name: "?", arguments: fragment))
            }
            count += fragment.count
        }
        trim()
    }

    private mutating func trim() {
        while count > limit, !segments.isEmpty {
            let excess = count - limit
            let first = segments[0]
            if first.characterCount <= excess || segments.count > 1 && first.characterCount <= excess * 2 {
                segments.removeFirst()
                count -= first.characterCount
                droppedCharacters += first.characterCount
                continue
            }
            switch first {
            case .text(let text): segments[0] = .text(String(text.dropFirst(excess)))
            case .thinking(let text): segments[0] = .thinking(String(text.dropFirst(excess)))
            case .toolCall(let index, let name, let arguments):
                segments[0] = .toolCall(index: index, name: name, arguments: String(arguments.dropFirst(excess)))
            }
            count -= excess
            droppedCharacters += excess
        }
    }
}
