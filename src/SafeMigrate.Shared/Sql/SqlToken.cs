namespace SafeMigrate.Sql
{
    internal enum SqlTokenKind
    {
        Word,
        QuotedIdentifier,
        String,
        Number,
        Symbol,
    }

    internal readonly struct SqlToken
    {
        public SqlToken(SqlTokenKind kind, string text, string? value = null, int start = 0, int end = 0)
        {
            Kind = kind;
            Text = text;
            Value = value;
            Upper = kind == SqlTokenKind.Word ? text.ToUpperInvariant() : text;
            Start = start;
            End = end;
        }

        /// <summary>Where the token starts in the scanned text (quotes and prefixes included).</summary>
        public int Start { get; }

        /// <summary>Where the token ends in the scanned text (exclusive).</summary>
        public int End { get; }

        /// <summary>The content of a quoted string literal ('...' or N'...'), null for other tokens and dollar-quoted bodies.</summary>
        public string? Value { get; }

        public SqlTokenKind Kind { get; }

        /// <summary>The token as written; identifiers without their quotes or brackets.</summary>
        public string Text { get; }

        /// <summary>Keywords compare upper-case; quoted identifiers and strings never match a keyword.</summary>
        public string Upper { get; }

        public bool Is(string keyword) => Kind == SqlTokenKind.Word && Upper == keyword;

        public bool IsIdentifier => Kind == SqlTokenKind.Word || Kind == SqlTokenKind.QuotedIdentifier;

        public override string ToString() => Text;
    }
}
