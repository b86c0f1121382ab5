import Foundation
import ProxyCore

/// Canned, varied content for `demo` mode, chosen deterministically from the user's text.
enum DemoContent {
    private static let answers: [String] = [
        "Great question about {topic}. The short version is that it depends on what you are optimising for: speed, clarity or long-term maintainability. Most teams start with the simplest approach that works and only add complexity once measurements show it is needed.\n\nIf you want a concrete next step, write down the one outcome that matters most for {topic}, try the smallest experiment that would tell you whether you are on the right track, and iterate from there.",
        "Here is how I would think about {topic}. First, separate the parts you control from the parts you do not. Second, look for the feedback loop: how quickly can you tell whether a change helped? Short loops beat clever plans almost every time.\n\nIn practice that means small steps, honest measurements and a willingness to throw away the first attempt. {Topic} rewards patience more than brilliance.",
        "Let me break {topic} down into three pieces.\n\n1. The fundamentals: what problem is actually being solved, and for whom.\n2. The constraints: time, budget and the tools already in place.\n3. The trade-offs: every option gives something up, so make the cost explicit.\n\nOnce those are written down, the right choice for {topic} is usually much less mysterious than it first appears.",
        "{Topic} is one of those subjects where the details matter. A good mental model is to picture the whole system end to end, then follow a single request, item or idea through it and note where it waits, where it changes and where it can fail.\n\nThat walk-through tends to reveal the real bottleneck quickly, and it gives you a shared vocabulary for discussing {topic} with others.",
        "Thanks for asking about {topic}! A few practical tips: keep the first version boring, name things clearly, and write down the assumptions you are making so they can be checked later.\n\nAfter that, revisit {topic} with fresh eyes in a day or two. Many of the hardest-looking problems turn out to be simple once the surrounding noise has been cleared away.",
        "On {topic}: the most common mistake is to optimise too early. Start by making it correct, then make it clear, and only then make it fast, guided by real numbers rather than intuition.\n\nIf you share a bit more context about what you are trying to achieve with {topic}, I can suggest a more specific plan.",
    ]

    private static let thoughts: [String] = [
        "The user is asking about {topic}. I should give a clear, practical answer with a concrete next step.",
        "Let me consider what matters most for {topic}: the goal, the constraints and the trade-offs. A structured answer will help.",
        "{Topic} can be approached several ways. I'll keep it concise and focus on what the user can act on today.",
    ]

    private static let stopWords: Set<String> = [
        "the", "and", "for", "with", "that", "this", "what", "how", "why", "you", "your", "are", "can", "about",
        "please", "tell", "explain", "does", "from", "into", "have", "would", "could", "should", "there", "their",
        "best", "way", "ways", "learn", "good", "make", "need", "want", "like", "just", "some", "which", "when",
        "where", "who", "will", "get", "use", "using", "know", "them", "they", "more", "most", "also", "any",
    ]

    /// A stable (FNV-1a) hash of the text; used as the seed for all demo choices.
    static func seed(for text: String) -> UInt64 {
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        for byte in text.utf8 {
            hash ^= UInt64(byte)
            hash = hash &* 0x0100_0000_01b3
        }
        return hash
    }

    /// Up to three distinctive words from the question, e.g. "rust lifetimes borrowing".
    static func topic(of text: String) -> String {
        let withoutMarker = Scenario.find(in: text).map { text.replacingOccurrences(of: $0.marker, with: " ") } ?? text
        let words = withoutMarker.lowercased()
            .split(whereSeparator: { !$0.isLetter && !$0.isNumber && $0 != "-" })
            .map(String.init)
            .filter { $0.count > 2 && !stopWords.contains($0) }
        var seen = Set<String>()
        let distinct = words.filter { seen.insert($0).inserted }
        let chosen = distinct.sorted { $0.count > $1.count }.prefix(3)
        let ordered = distinct.filter { chosen.contains($0) }
        return ordered.isEmpty ? "your question" : ordered.joined(separator: " ")
    }

    static func answer(for text: String) -> String {
        fill(answers[Int(seed(for: text) % UInt64(answers.count))], topic: topic(of: text))
    }

    static func thinking(for text: String) -> String {
        fill(thoughts[Int((seed(for: text) >> 8) % UInt64(thoughts.count))], topic: topic(of: text))
    }

    static func toolIntro(toolName: String) -> String {
        "Let me look that up with `\(toolName)` first."
    }

    static func afterTool(result: String, question: String) -> String {
        "The tool returned: \"\(result.prefix(60))\". " + answer(for: question)
    }

    /// Arguments for a demo tool call: required (or first) schema properties filled from the topic.
    static func toolInput(schema: JSONValue?, question: String) -> JSONValue {
        guard let properties = schema?["properties"]?.objectValue, !properties.isEmpty else {
            return ["query": .string(topic(of: question))]
        }
        let required = schema?["required"]?.arrayValue?.compactMap(\.stringValue) ?? []
        let names = required.isEmpty ? [properties.keys.sorted()[0]] : required
        var input = JSONObject()
        for name in names {
            switch properties[name]?["type"]?.stringValue {
            case "integer", "number": input[name] = 1
            case "boolean": input[name] = .bool(true)
            case "array": input[name] = .array([.string(topic(of: question))])
            case "object": input[name] = .object(JSONObject())
            default: input[name] = .string(topic(of: question))
            }
        }
        return .object(input)
    }

    private static func fill(_ template: String, topic: String) -> String {
        let capitalised = topic.prefix(1).uppercased() + topic.dropFirst()
        return template.replacingOccurrences(of: "{Topic}", with: capitalised)
            .replacingOccurrences(of: "{topic}", with: topic)
    }
}
