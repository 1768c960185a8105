using MicroWeb.Routing;

namespace MicroWeb.Tests.Routing;

public class RouteConstraintTests
{
    [TestCase("int", "42", true)]
    [TestCase("int", "-7", true)]
    [TestCase("int", "2147483648", false)]
    [TestCase("int", "4.2", false)]
    [TestCase("int", " 4", false)]
    [TestCase("int", "abc", false)]
    [TestCase("long", "2147483648", true)]
    [TestCase("long", "9223372036854775808", false)]
    [TestCase("guid", "7c9e6679-7425-40de-944b-e07fc1f90ae7", true)]
    [TestCase("guid", "7c9e6679", false)]
    [TestCase("bool", "true", true)]
    [TestCase("bool", "False", true)]
    [TestCase("bool", "yes", false)]
    [TestCase("alpha", "abcXYZ", true)]
    [TestCase("alpha", "abc1", false)]
    [TestCase("alpha", "é", false)]
    [TestCase("min(1)", "1", true)]
    [TestCase("min(1)", "0", false)]
    [TestCase("min(1)", "x", false)]
    [TestCase("max(9)", "9", true)]
    [TestCase("max(9)", "10", false)]
    [TestCase("max(-1)", "-2", true)]
    [TestCase("range(1,9)", "1", true)]
    [TestCase("range(1,9)", "9", true)]
    [TestCase("range(1,9)", "10", false)]
    [TestCase("range(1,9)", "0", false)]
    [TestCase("length(3)", "abc", true)]
    [TestCase("length(3)", "abcd", false)]
    [TestCase("length(3,20)", "abc", true)]
    [TestCase("length(3,20)", "ab", false)]
    [TestCase("length(3,20)", "abcdefghijklmnopqrstu", false)]
    [TestCase("minlength(2)", "ab", true)]
    [TestCase("minlength(2)", "a", false)]
    [TestCase("maxlength(9)", "123456789", true)]
    [TestCase("maxlength(9)", "1234567890", false)]
    [TestCase(@"regex(^\d{{3}}$)", "123", true)]
    [TestCase(@"regex(^\d{{3}}$)", "1234", false)]
    [TestCase("regex(^abc$)", "ABC", true)]
    [TestCase("regex(b)", "abc", true)]
    public void Constraint_accepts_only_matching_values(string constraint, string value, bool expected) =>
        Assert.That(RoutePattern.Parse($"/{{x:{constraint}}}").Parameters[0].Match(value), Is.EqualTo(expected));

    [Test]
    public void Regex_that_times_out_is_no_match_rather_than_an_error()
    {
        // Nested quantifiers backtrack exponentially on a near-miss: the classic ReDoS shape.
        RouteParameter x = RoutePattern.Parse("/{x:regex(^(a+)+$)}").Parameters[0];
        string attack = new string('a', 40) + "!";
        Assert.That(x.Match(attack), Is.False);
    }
}
