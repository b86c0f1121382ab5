/// `response_format` → structured outputs (`output_config.format`) where the model supports them,
/// otherwise a forced tool whose input is returned to the client as the message content.
enum ResponseFormatTranslator {
    enum Plan {
        case none
        case structuredOutput(JSONValue)
        case forcedTool(name: String, schema: JSONValue)
    }

    static let jsonObjectToolName = "json_response"

    static func plan(_ request: FieldReader, capabilities: ModelCapabilities) throws(ProxyError) -> Plan {
        guard let format = try request.reader("response_format") else { return .none }
        switch try format.requiredString("type") {
        case "text":
            return .none
        case "json_object":
            return .forcedTool(name: jsonObjectToolName, schema: ["type": "object", "additionalProperties": true])
        case "json_schema":
            guard let spec = try format.reader("json_schema") else { throw .missingField(format.child("json_schema")) }
            return try jsonSchemaPlan(spec, capabilities: capabilities)
        case let other:
            throw .invalidField(
                format.child("type"), "Invalid value for 'response_format.type': '\(other)'. Expected text, json_object or json_schema.")
        }
    }

    /// The Responses API's `text.format`: the same three types, with the schema's fields
    /// (`name`, `schema`, `strict`) on the format object itself.
    static func plan(textFormat format: FieldReader, capabilities: ModelCapabilities) throws(ProxyError) -> Plan {
        switch try format.requiredString("type") {
        case "text":
            return .none
        case "json_object":
            return .forcedTool(name: jsonObjectToolName, schema: ["type": "object", "additionalProperties": true])
        case "json_schema":
            return try jsonSchemaPlan(format, capabilities: capabilities)
        case let other:
            throw .invalidField(
                format.child("type"),
                "Invalid value for '\(format.child("type"))': '\(other)'. Expected text, json_object or json_schema.")
        }
    }

    private static func jsonSchemaPlan(_ spec: FieldReader, capabilities: ModelCapabilities) throws(ProxyError) -> Plan {
        guard let schema = try spec.object("schema") else { throw .missingField(spec.child("schema")) }
        let name = try spec.string("name") ?? jsonObjectToolName
        if capabilities.structuredOutputs {
            return .structuredOutput(["type": "json_schema", "schema": closedSchema(.object(schema))])
        }
        return .forcedTool(name: name, schema: ToolTranslator.inputSchema(.object(schema)))
    }

    /// Structured outputs require `additionalProperties: false` on every object.
    static func closedSchema(_ schema: JSONValue) -> JSONValue {
        switch schema {
        case .object(var object):
            for (key, value) in object.pairs { object[key] = closedSchema(value) }
            if object["type"]?.stringValue == "object", object["additionalProperties"] == nil {
                object["additionalProperties"] = false
            }
            return .object(object)
        case .array(let items):
            return .array(items.map(closedSchema))
        default:
            return schema
        }
    }
}
