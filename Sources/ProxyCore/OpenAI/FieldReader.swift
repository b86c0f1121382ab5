/// Reads typed fields out of a client's JSON with errors that name the exact field.
///
/// `FieldReader(body, path: "messages[2]")` and `reader.string("role")` either return the value,
/// `nil` when it is absent or `null`, or throw a 400 `ProxyError` naming `messages[2].role`.
public struct FieldReader: Sendable {
    public let value: JSONValue
    public let path: String

    public init(_ value: JSONValue, path: String = "") {
        self.value = value
        self.path = path
    }

    public func child(_ key: String) -> String { path.isEmpty ? key : "\(path).\(key)" }

    public func field(_ key: String) -> JSONValue? {
        guard let found = value[key], !found.isNull else { return nil }
        return found
    }

    public func string(_ key: String) throws(ProxyError) -> String? {
        guard let found = field(key) else { return nil }
        guard let string = found.stringValue else { throw .wrongType(child(key), expected: "a string", got: found) }
        return string
    }

    public func requiredString(_ key: String) throws(ProxyError) -> String {
        guard let string = try string(key) else { throw .missingField(child(key)) }
        return string
    }

    public func bool(_ key: String) throws(ProxyError) -> Bool? {
        guard let found = field(key) else { return nil }
        guard let flag = found.boolValue else { throw .wrongType(child(key), expected: "a boolean", got: found) }
        return flag
    }

    public func number(_ key: String) throws(ProxyError) -> Double? {
        guard let found = field(key) else { return nil }
        guard let number = found.doubleValue else { throw .wrongType(child(key), expected: "a number", got: found) }
        return number
    }

    /// An integer; JSON numbers like `1024.0` count, `10.5` does not.
    public func integer(_ key: String) throws(ProxyError) -> Int? {
        guard let found = field(key) else { return nil }
        guard let number = found.doubleValue else { throw .wrongType(child(key), expected: "an integer", got: found) }
        guard let integer = found.intValue else {
            throw .invalidField(child(key), "Invalid value for '\(child(key))': expected an integer, got \(number).")
        }
        return integer
    }

    public func array(_ key: String) throws(ProxyError) -> [JSONValue]? {
        guard let found = field(key) else { return nil }
        guard let array = found.arrayValue else { throw .wrongType(child(key), expected: "an array", got: found) }
        return array
    }

    public func object(_ key: String) throws(ProxyError) -> JSONObject? {
        guard let found = field(key) else { return nil }
        guard let object = found.objectValue else { throw .wrongType(child(key), expected: "an object", got: found) }
        return object
    }

    public func reader(_ key: String) throws(ProxyError) -> FieldReader? {
        guard let object = try object(key) else { return nil }
        return FieldReader(.object(object), path: child(key))
    }
}
