using System.Globalization;
using Microsoft.Extensions.Primitives;

namespace MicroWeb.Middleware.Diagnostics;

/// <summary>
/// Chooses an <see cref="ErrorFormat"/> from an Accept field (RFC 9110 §12.5.1), once per error response, without
/// allocating. Each of the three representations is rated by the most specific media range that matches it
/// (<c>text/html</c> over <c>text/*</c> over <c>*/*</c>); the best rating wins, then the more specific match, then
/// the range listed first. Plain text wins a tie between equals (<c>*/*</c> alone, as curl sends) and is the
/// answer when nothing acceptable is left: an error is still sent, never a 406.
/// </summary>
internal static class AcceptNegotiation
{
    private const int Exact = 2;
    private const int TypeWildcard = 1;
    private const int AnyWildcard = 0;

    public static ErrorFormat Negotiate(StringValues accept)
    {
        var text = Rating.None;
        var html = Rating.None;
        var json = Rating.None;
        var position = 0;
        foreach (var value in accept)
        {
            var rest = value.AsSpan();
            while (!rest.IsEmpty)
            {
                // Quoted parameter values may not hold a comma or semicolon here; no browser or HTTP client sends one in Accept.
                var comma = rest.IndexOf(',');
                var element = comma < 0 ? rest : rest[..comma];
                rest = comma < 0 ? default : rest[(comma + 1)..];

                var semicolon = element.IndexOf(';');
                var range = (semicolon < 0 ? element : element[..semicolon]).Trim(" \t");
                if (range.IsEmpty || !TryParseWeight(semicolon < 0 ? default : element[(semicolon + 1)..], out var q)) continue;
                var rating = new Rating(q, 0, position++);

                if (range.SequenceEqual("*/*"))
                {
                    text = text.Offer(rating with { Specificity = AnyWildcard });
                    html = html.Offer(rating with { Specificity = AnyWildcard });
                    json = json.Offer(rating with { Specificity = AnyWildcard });
                }
                else if (range.Equals("text/*", StringComparison.OrdinalIgnoreCase))
                {
                    text = text.Offer(rating with { Specificity = TypeWildcard });
                    html = html.Offer(rating with { Specificity = TypeWildcard });
                }
                else if (range.Equals("application/*", StringComparison.OrdinalIgnoreCase))
                    json = json.Offer(rating with { Specificity = TypeWildcard });
                else if (range.Equals("text/plain", StringComparison.OrdinalIgnoreCase))
                    text = text.Offer(rating with { Specificity = Exact });
                else if (range.Equals("text/html", StringComparison.OrdinalIgnoreCase) || range.Equals("application/xhtml+xml", StringComparison.OrdinalIgnoreCase))
                    html = html.Offer(rating with { Specificity = Exact });
                else if (range.Equals("application/json", StringComparison.OrdinalIgnoreCase) || range.Equals("application/problem+json", StringComparison.OrdinalIgnoreCase))
                    json = json.Offer(rating with { Specificity = Exact });
            }
        }

        var best = ErrorFormat.Text;
        var bestRating = text;
        if (html.IsBetterThan(bestRating))
        {
            best = ErrorFormat.Html;
            bestRating = html;
        }
        if (json.IsBetterThan(bestRating)) best = ErrorFormat.ProblemJson;
        return best;
    }

    /// <summary>
    /// The weight among a media range's parameters (RFC 9110 §12.4.2: <c>q=</c>, 0 to 1, default 1); other parameters
    /// are ignored. An unparsable weight drops the element, as if it were not there.
    /// </summary>
    private static bool TryParseWeight(ReadOnlySpan<char> parameters, out double q)
    {
        q = 1;
        foreach (var part in parameters.Split(';'))
        {
            var parameter = parameters[part].Trim(" \t");
            if (!parameter.StartsWith("q=", StringComparison.OrdinalIgnoreCase)) continue;
            return double.TryParse(parameter[2..], NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out q) && q <= 1;
        }
        return true;
    }

    /// <summary>How well one representation is accepted: its weight, how specific the range that set it was, and where that range stood.</summary>
    private readonly record struct Rating(double Quality, int Specificity, int Position)
    {
        public static readonly Rating None = new(0, -1, int.MaxValue);

        /// <summary>A more specific range decides alone (RFC 9110 §12.5.1); among equally specific ones, the higher weight.</summary>
        public Rating Offer(Rating candidate) =>
            candidate.Specificity > Specificity || (candidate.Specificity == Specificity && candidate.Quality > Quality) ? candidate : this;

        public bool IsBetterThan(Rating other) =>
            Quality > 0 && (Quality != other.Quality ? Quality > other.Quality
                : Specificity != other.Specificity ? Specificity > other.Specificity
                : Position < other.Position);
    }
}
