import ProxyCore
import Testing

/// Translates a Responses request body, recording an issue when it fails.
func responsesTranslate(
    _ body: String, _ context: TranslationContext = context(), history: [JSONValue] = [],
    sourceLocation: SourceLocation = #_sourceLocation
) -> TranslatedRequest? {
    do {
        return try ResponsesRequestTranslator.translate(json(body), context: context, history: history)
    } catch {
        Issue.record("translation failed: \(error.message)", sourceLocation: sourceLocation)
        return nil
    }
}

func responsesError(_ body: String, _ context: TranslationContext = context()) -> ProxyError? {
    do {
        _ = try ResponsesRequestTranslator.translate(json(body), context: context)
        return nil
    } catch {
        return error
    }
}

/// The value at a path such as `messages[0].content[1].source.type`, or nil.
func value(at path: String, in root: JSONValue) -> JSONValue? {
    var current: JSONValue? = root
    for segment in path.split(separator: ".") {
        var name = Substring(segment)
        var indices: [Int] = []
        while let open = name.lastIndex(of: "["), name.hasSuffix("]") {
            indices.insert(Int(name[name.index(after: open)..<name.index(before: name.endIndex)]) ?? -1, at: 0)
            name = name[..<open]
        }
        if !name.isEmpty { current = current?[String(name)] }
        for index in indices { current = current?[index] }
    }
    return current
}
