using System.Collections.Frozen;
using Scriban;
using Scriban.Runtime;
using Scriban.Syntax;

namespace ConnectorHost.Mail;

/// <summary>
/// Renders a mail template of a <see cref="MailTemplateStore"/> against a model.
/// </summary>
/// <remarks>
/// <para>What a template sees:</para>
/// <list type="bullet">
/// <item><c>model</c>: the model object; its properties in snake_case (Scriban's <see cref="StandardMemberRenamer"/>:
/// <c>CreatedAt</c> is <c>model.created_at</c>), also on nested objects and list items.</item>
/// <item>The same properties at top level (<c>created_at</c>), except a property whose snake_case name is one of
/// Scriban's built-ins (<c>date</c>, <c>string</c>, <c>html</c>, <c>array</c>, …) or <c>model</c>: those only as
/// <c>model.xxx</c>, so that the built-in functions keep working.</item>
/// <item>A dictionary model (<c>IDictionary&lt;string, object&gt;</c>) is seen with its keys as written.</item>
/// </list>
/// <para>Unknown variables and functions are errors (<see cref="TemplateContext.StrictVariables"/>), so that a typo
/// fails with its file, line and column instead of sending an empty sentence. Dates are best passed as
/// <see cref="DateTime"/> in the office's time zone: Scriban's <c>date.to_string</c> does not accept
/// <see cref="DateTimeOffset"/>. Formatting is culture-invariant; write formats such as
/// <c>date.to_string '%d-%m-%Y %H:%M'</c>. HTML templates must escape values themselves with
/// <c>| html.escape</c>. <c>include 'name'</c> reads <c>name.scriban</c> from the templates folder only.</para>
/// </remarks>
public sealed class ScribanMailRenderer
{
    private static readonly FrozenSet<string> ReservedTopLevelNames =
        new TemplateContext().BuiltinObject.Keys.Append(ModelVariable).ToFrozenSet(StringComparer.Ordinal);

    private const string ModelVariable = "model";
    private readonly TemplatesFolderLoader _includeLoader;

    /// <summary>Creates the renderer.</summary>
    /// <param name="store">The templates.</param>
    public ScribanMailRenderer(MailTemplateStore store)
    {
        ArgumentNullException.ThrowIfNull(store);
        Store = store;
        _includeLoader = new TemplatesFolderLoader(store.Folder);
    }

    /// <summary>The templates.</summary>
    public MailTemplateStore Store { get; }

    /// <summary>Renders the subject, text and (when present) HTML of a template.</summary>
    /// <param name="templateName">The template's name, for example <c>instruction-created</c>.</param>
    /// <param name="model">The model the template renders.</param>
    /// <param name="cancellationToken">Stops a long render.</param>
    /// <returns>The rendered mail; the subject on one line, without surrounding white space.</returns>
    /// <exception cref="MailTemplateException">A template file is missing, does not parse or fails while rendering.</exception>
    public RenderedMail Render(string templateName, object model, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(model);
        var set = Store.Get(templateName);
        var subject = RenderFile(set.Subject, model, cancellationToken);
        var text = RenderFile(set.Text, model, cancellationToken);
        var html = set.Html is null ? null : RenderFile(set.Html, model, cancellationToken);
        return new RenderedMail(OneLine(subject), text, html);
    }

    private string RenderFile(MailTemplateFile file, object model, CancellationToken cancellationToken)
    {
        var context = new TemplateContext
        {
            StrictVariables = true,
            MemberRenamer = StandardMemberRenamer.Default,
            TemplateLoader = _includeLoader,
            LoopLimit = 100_000,
            CancellationToken = cancellationToken,
        };
        context.PushGlobal(CreateGlobals(model));
        try
        {
            return file.Template.Render(context);
        }
        catch (ScriptRuntimeException e)
        {
            cancellationToken.ThrowIfCancellationRequested();
            throw ScribanErrors.FromRuntime(e, file.Path);
        }
    }

    private static ScriptObject CreateGlobals(object model)
    {
        var globals = new ScriptObject();
        if (model is IDictionary<string, object?> dictionary)
        {
            foreach (var (key, value) in dictionary)
            {
                if (!ReservedTopLevelNames.Contains(key))
                {
                    globals[key] = value;
                }
            }
        }
        else
        {
            globals.Import(
                model,
                filter: member => !ReservedTopLevelNames.Contains(StandardMemberRenamer.Default(member)),
                renamer: StandardMemberRenamer.Default);
        }

        globals.SetValue(ModelVariable, model, readOnly: true);
        return globals;
    }

    private static string OneLine(string text) =>
        string.Join(' ', text.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries));
}
