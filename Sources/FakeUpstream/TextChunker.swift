/// Splits text into stream deltas on word boundaries; joining the chunks gives back the text.
enum TextChunker {
    /// Chunks of `wordsPerChunk` words; each chunk but the last keeps its trailing space.
    static func chunks(_ text: String, wordsPerChunk: Int = 3) -> [String] {
        chunks(text) { _ in wordsPerChunk }
    }

    /// Chunks of 1–3 words, varied deterministically by `seed` (demo mode).
    static func variedChunks(_ text: String, seed: UInt64) -> [String] {
        var state = seed | 1
        return chunks(text) { _ in
            state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            return 1 + Int((state >> 40) % 3)
        }
    }

    /// Splits `text` into thirds by character (for `partial_json` fragments).
    static func thirds(_ text: String) -> [String] {
        let characters = Array(text)
        let third = max(1, characters.count / 3)
        guard characters.count >= 3 else { return [text] }
        return [
            String(characters[0..<third]),
            String(characters[third..<(2 * third)]),
            String(characters[(2 * third)...]),
        ]
    }

    private static func chunks(_ text: String, size: (Int) -> Int) -> [String] {
        let words = text.split(separator: " ", omittingEmptySubsequences: false)
        guard !words.isEmpty else { return [text] }
        var result: [String] = []
        var start = 0
        while start < words.count {
            let end = min(words.count, start + max(1, size(result.count)))
            var chunk = words[start..<end].joined(separator: " ")
            if end < words.count { chunk += " " }
            result.append(chunk)
            start = end
        }
        return result
    }
}
