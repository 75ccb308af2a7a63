// Stand-ins for the helpers of their common library that the migration files use (JSON and string helpers), with
// the same names and signatures; the bodies only need to compile, the analyzer never runs them.
using System;
using System.Collections.Generic;
using System.Linq;

namespace NzbDrone.Common.Serializer
{
    public static class Json
    {
        public static T Deserialize<T>(string json) where T : new() => Newtonsoft.Json.JsonConvert.DeserializeObject<T>(json)!;

        public static object Deserialize(string json, Type type) => Newtonsoft.Json.JsonConvert.DeserializeObject(json, type)!;

        public static bool TryDeserialize<T>(string json, out T result) where T : new()
        {
            result = new T();
            return json.Length > 0;
        }

        public static string ToJson(this object obj) => Newtonsoft.Json.JsonConvert.SerializeObject(obj);
    }

    public static class STJson
    {
        public static System.Text.Json.JsonSerializerOptions GetSerializerSettings() => new System.Text.Json.JsonSerializerOptions();

        public static T Deserialize<T>(string json) where T : new() => System.Text.Json.JsonSerializer.Deserialize<T>(json)!;

        public static string ToJson(object obj) => System.Text.Json.JsonSerializer.Serialize(obj);
    }
}

namespace NzbDrone.Common.Extensions
{
    public static class StringExtensions
    {
        public static bool IsNullOrWhiteSpace(this string? text) => string.IsNullOrWhiteSpace(text);

        public static bool IsNotNullOrWhiteSpace(this string? text) => !string.IsNullOrWhiteSpace(text);

        public static bool ContainsIgnoreCase(this string? text, string contains) => text != null && text.IndexOf(contains, StringComparison.OrdinalIgnoreCase) >= 0;

        public static bool ContainsIgnoreCase(this IEnumerable<string> source, string value) => source.Contains(value, StringComparer.OrdinalIgnoreCase);

        public static bool EqualsIgnoreCase(this string? text, string? other) => string.Equals(text, other, StringComparison.OrdinalIgnoreCase);

        public static string Join(this IEnumerable<string> values, string separator) => string.Join(separator, values);
    }

    public static class EnumerableExtensions
    {
        public static bool Empty<T>(this IEnumerable<T> source) => !source.Any();

        public static bool NotAll<T>(this IEnumerable<T> source, Func<T, bool> predicate) => !source.All(predicate);
    }
}
