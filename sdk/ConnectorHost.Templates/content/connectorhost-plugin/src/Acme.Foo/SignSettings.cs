using System.ComponentModel;
using System.ComponentModel.DataAnnotations;
using ConnectorHost.Abstractions.Settings;

namespace Acme.Foo;

/// <summary>The settings of <c>acme.foo.sign</c>; each property is a camelCase key under <c>settings:</c> in the YAML.</summary>
public sealed class SignSettings
{
    /// <summary>The folder whose files are signed.</summary>
    [Description("The folder whose files are signed; relative to the configuration file.")]
    [Required]
    [Example("data/acme-foo/inbox")]
    public string Inbox { get; set; } = string.Empty;

    /// <summary>Where the signatures are written.</summary>
    [Description("The folder the signatures (<file>.sig) are written to.")]
    [Required]
    [Example("data/acme-foo/signed")]
    public string Outbox { get; set; } = string.Empty;

    /// <summary>The files to sign.</summary>
    [Description("Which files of the inbox to sign: a file name pattern with * and ?.")]
    [RegularExpression(@"^[^/\\]+$", ErrorMessage = "a file name pattern without folders, for example *.txt")]
    [Example("*.xml")]
    public string Pattern { get; set; } = "*.txt";

    /// <summary>The HMAC-SHA256 key; a secret.</summary>
    [Description("The HMAC-SHA256 signing key. Reference it, never write it in the YAML.")]
    [Required]
    [Secret]
    [Example("${ACME_FOO_SIGNING_KEY}")]
    public string SigningKey { get; set; } = string.Empty;

    /// <summary>Whether to mail a report after a run that signed something.</summary>
    [Description("Mail the template acme.foo-report to the host's default recipients after a run that signed files.")]
    public bool MailReport { get; set; } = true;
}
