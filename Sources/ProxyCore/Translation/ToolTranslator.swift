/// OpenAI `tools`/`functions` and `tool_choice`/`function_call` to Anthropic's tool fields.
enum ToolTranslator {
    static func tools(_ request: FieldReader) throws(ProxyError) -> [JSONValue] {
        var result: [JSONValue] = []
        if let tools = try request.array("tools") {
            for (index, tool) in tools.enumerated() {
                let reader = FieldReader(tool, path: "tools[\(index)]")
                guard tool.objectValue != nil else { throw .wrongType(reader.path, expected: "a tool object", got: tool) }
                let type = try reader.string("type") ?? "function"
                guard type == "function" else {
                    throw .invalidField(
                        reader.child("type"), "Unsupported tool type '\(type)' in '\(reader.child("type"))'. Only 'function' tools are supported.")
                }
                guard let function = try reader.reader("function") else { throw .missingField(reader.child("function")) }
                result.append(try Self.tool(from: function))
            }
        }
        if let functions = try request.array("functions") {
            for (index, function) in functions.enumerated() {
                result.append(try tool(from: FieldReader(function, path: "functions[\(index)]")))
            }
        }
        return result
    }

    static func tool(from function: FieldReader) throws(ProxyError) -> JSONValue {
        let name = try function.requiredString("name")
        var tool = JSONObject([("name", .string(name))])
        if let description = try function.string("description"), !description.isEmpty {
            tool["description"] = .string(description)
        }
        tool["input_schema"] = inputSchema(function.field("parameters"))
        if try function.bool("strict") == true { tool["strict"] = true }
        if let cacheControl = function.field("cache_control") { tool["cache_control"] = cacheControl }
        return .object(tool)
    }

    /// Anthropic requires an object schema; OpenAI allows none (no arguments).
    static func inputSchema(_ parameters: JSONValue?) -> JSONValue {
        guard case .object(var schema) = parameters else {
            return ["type": "object", "properties": .object(JSONObject())]
        }
        if schema["type"]?.stringValue != "object" { schema["type"] = "object" }
        if schema["properties"] == nil { schema["properties"] = .object(JSONObject()) }
        return .object(schema)
    }

    /// `auto`, `none`, `required`→`any`, a named function → `tool`; `parallel_tool_calls:false`
    /// becomes `disable_parallel_tool_use`. Returns nil when nothing needs to be sent.
    static func toolChoice(_ request: FieldReader, hasTools: Bool) throws(ProxyError) -> JSONObject? {
        guard hasTools else { return nil }
        var choice: JSONObject?
        let path = request.field("tool_choice") != nil ? "tool_choice" : "function_call"
        if let value = request.field("tool_choice") ?? request.field("function_call") {
            if let mode = value.stringValue {
                switch mode {
                case "auto": choice = JSONObject([("type", "auto")])
                case "none": choice = JSONObject([("type", "none")])
                case "required", "any": choice = JSONObject([("type", "any")])
                default:
                    throw .invalidField(path, "Invalid value for '\(path)': '\(mode)'. Expected auto, none, required or a function.")
                }
            } else if value.objectValue != nil {
                let reader = FieldReader(value, path: path)
                var name = try reader.string("name")
                if let function = try reader.reader("function") { name = try function.string("name") }
                if let name {
                    choice = JSONObject([("type", "tool"), ("name", .string(name))])
                } else if let type = try reader.string("type"), ["auto", "any", "none"].contains(type) {
                    choice = JSONObject([("type", .string(type))])
                } else {
                    throw .missingField("\(path).function.name")
                }
            } else {
                throw .wrongType(path, expected: "a string or an object", got: value)
            }
        }
        if try request.bool("parallel_tool_calls") == false, choice?["type"]?.stringValue != "none" {
            if choice == nil { choice = JSONObject([("type", "auto")]) }
            choice?["disable_parallel_tool_use"] = true
        }
        return choice
    }
}
