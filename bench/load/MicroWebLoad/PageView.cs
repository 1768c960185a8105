using LoadBench;
using MicroWeb;

/// <summary>
/// /page as a compiled view: templates/page.html and its layout compiled by MicroWeb.Generators over the shared
/// <see cref="PageModel"/>, so the bytes are those the runtime engine renders (run.sh compares them across servers).
/// </summary>
[Template("page.html")]
public sealed partial class PageView(PageModel model)
{
    public static readonly PageView Instance = new(PageModel.Instance);

    public string Title => model.Title;

    public string SiteName => model.SiteName;

    public string Tagline => model.Tagline;

    public string UserName => model.UserName;

    public string UserEmail => model.UserEmail;

    public string Heading => model.Heading;

    public string Intro => model.Intro;

    public int ItemCount => model.ItemCount;

    public string Generated => model.Generated;

    public string Footer => model.Footer;

    public IReadOnlyList<PageItem> Items => model.Items;
}
