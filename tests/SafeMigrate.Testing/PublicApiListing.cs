using System.Reflection;
using System.Text;

namespace SafeMigrate.Testing;

/// <summary>
/// A package's public API as sorted text lines (every public type and member with its signature), for approval tests
/// that pin it in a <c>PublicAPI.txt</c> next to the project.
/// </summary>
public static class PublicApiListing
{
    /// <summary>Fails when <paramref name="assembly"/>'s public API and the approved file disagree; <c>SAFEMIGRATE_UPDATE_GOLDEN=1</c> rewrites the file first.</summary>
    /// <returns>Null when they agree, else the message listing what is new and what is gone.</returns>
    public static string? Compare(Assembly assembly, string approvedFile)
    {
        var actual = Describe(assembly);
        if (Environment.GetEnvironmentVariable("SAFEMIGRATE_UPDATE_GOLDEN") == "1")
        {
            File.WriteAllText(approvedFile, actual);
        }

        var approved = File.Exists(approvedFile) ? File.ReadAllText(approvedFile).ReplaceLineEndings("\n") : string.Empty;
        var missing = Lines(actual).Except(Lines(approved)).ToList();
        var gone = Lines(approved).Except(Lines(actual)).ToList();
        return missing.Count == 0 && gone.Count == 0
            ? null
            : $"Public API differs from {approvedFile}.\nNew (not approved):\n  {string.Join("\n  ", missing)}\nApproved but gone:\n  {string.Join("\n  ", gone)}";
    }

    private static IEnumerable<string> Lines(string text) => text.Split('\n', StringSplitOptions.RemoveEmptyEntries);

    public static string Describe(Assembly assembly)
    {
        var lines = new List<string>();
        foreach (var type in assembly.GetExportedTypes().OrderBy(t => t.FullName, StringComparer.Ordinal))
        {
            lines.Add($"{Kind(type)} {Name(type)}{Bases(type)}");
            const BindingFlags flags = BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.Instance | BindingFlags.Static | BindingFlags.DeclaredOnly;
            var members = type.GetMembers(flags)
                .Where(IsVisible)
                .Where(m => m is not MethodInfo { IsSpecialName: true } || m.Name.StartsWith("op_", StringComparison.Ordinal))
                .Where(m => !(type.IsEnum && m is FieldInfo { IsSpecialName: true }))
                .Select(m => "  " + Member(m))
                .Order(StringComparer.Ordinal);
            lines.AddRange(members.Select(m => $"{Name(type)}:{m}"));
        }

        return string.Join("\n", lines) + "\n";
    }

    private static bool IsVisible(MemberInfo member) => member switch
    {
        MethodBase m => m.IsPublic || m.IsFamily || m.IsFamilyOrAssembly,
        FieldInfo f => f.IsPublic || f.IsFamily || f.IsFamilyOrAssembly,
        PropertyInfo p => p.GetAccessors(true).Any(a => a.IsPublic || a.IsFamily || a.IsFamilyOrAssembly),
        EventInfo e => e.AddMethod is { } add && (add.IsPublic || add.IsFamily),
        Type t => t.IsNestedPublic || t.IsNestedFamily,
        _ => false,
    };

    private static string Member(MemberInfo member) => member switch
    {
        ConstructorInfo c => $"{(c.IsStatic ? "static " : string.Empty)}.ctor({Parameters(c)})",
        MethodInfo m => $"{(m.IsStatic ? "static " : m.IsAbstract ? "abstract " : m.IsVirtual && m.GetBaseDefinition() == m ? "virtual " : string.Empty)}{Name(m.ReturnType)} {m.Name}{Generics(m)}({Parameters(m)})",
        PropertyInfo p => $"{Name(p.PropertyType)} {p.Name} {{ {string.Join(" ", p.GetAccessors(true).Where(a => a.IsPublic || a.IsFamily).Select(Accessor))} }}",
        FieldInfo f => $"{(f.IsLiteral ? "const " : f.IsStatic ? "static " : string.Empty)}{(f.IsInitOnly ? "readonly " : string.Empty)}{Name(f.FieldType)} {f.Name}",
        EventInfo e => $"event {Name(e.EventHandlerType!)} {e.Name}",
        Type t => $"nested {Name(t)}",
        _ => member.Name,
    };

    private static string Accessor(MethodInfo accessor) =>
        accessor.Name.StartsWith("get_", StringComparison.Ordinal) ? "get;"
        : accessor.ReturnParameter.GetRequiredCustomModifiers().Any(m => m.Name == "IsExternalInit") ? "init;" : "set;";

    private static string Generics(MethodInfo method) =>
        method.IsGenericMethodDefinition ? "<" + string.Join(", ", method.GetGenericArguments().Select(a => a.Name)) + ">" : string.Empty;

    private static string Parameters(MethodBase method) =>
        string.Join(", ", method.GetParameters().Select(p => $"{(p.IsOut ? "out " : p.ParameterType.IsByRef ? "ref " : string.Empty)}{Name(p.ParameterType)} {p.Name}{(p.HasDefaultValue ? " = " + (p.DefaultValue ?? "null") : string.Empty)}"));

    private static string Kind(Type type) =>
        type.IsEnum ? "enum"
        : type.IsInterface ? "interface"
        : type.IsValueType ? "struct"
        : type.GetMethod("<Clone>$") is not null ? (type.IsAbstract ? "abstract record" : type.IsSealed ? "sealed record" : "record")
        : type.IsAbstract && type.IsSealed ? "static class"
        : type.IsAbstract ? "abstract class"
        : type.IsSealed ? "sealed class"
        : "class";

    private static string Bases(Type type)
    {
        var bases = new List<string>();
        if (type.BaseType is { } b && b != typeof(object) && b != typeof(ValueType) && b != typeof(Enum))
        {
            bases.Add(Name(b));
        }

        bases.AddRange(type.GetInterfaces().Where(i => !i.IsGenericType || i.GetGenericTypeDefinition() != typeof(IEquatable<>)).Select(Name).Order(StringComparer.Ordinal));
        return bases.Count == 0 ? string.Empty : " : " + string.Join(", ", bases);
    }

    private static string Name(Type type)
    {
        if (type.IsByRef)
        {
            return Name(type.GetElementType()!);
        }

        if (type.IsArray)
        {
            return Name(type.GetElementType()!) + "[]";
        }

        if (type.IsGenericParameter)
        {
            return type.Name;
        }

        var name = new StringBuilder(type.IsNested ? Name(type.DeclaringType!) + "." : type.Namespace is { } ns ? ns + "." : string.Empty);
        var tick = type.Name.IndexOf('`', StringComparison.Ordinal);
        name.Append(tick < 0 ? type.Name : type.Name[..tick]);
        if (type.IsGenericType)
        {
            name.Append('<').Append(string.Join(", ", type.GetGenericArguments().Select(Name))).Append('>');
        }

        return name.ToString();
    }
}
