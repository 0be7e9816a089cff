using System.Globalization;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace ConnectorHost.Dashboard;

/// <summary>
/// FH-9: what a request to the dashboard may be. A body over <see cref="MaxBodyBytes"/> (the dashboard's forms are a
/// few fields, never a file) is answered 413 and logged in one line, without a stack trace; a form that sends one field
/// twice (<c>file=a.xlsx&amp;file=/tmp/x.xlsx</c>, which would be joined with a comma) is answered 400. Both are checked
/// before any page or the anti-forgery check reads the form.
/// </summary>
internal static partial class RequestLimits
{
    /// <summary>The largest request body the dashboard accepts: 1 MiB.</summary>
    public const long MaxBodyBytes = 1024 * 1024;

    /// <summary>Sets Kestrel's and the form reader's limits to <see cref="MaxBodyBytes"/>.</summary>
    public static void Configure(WebApplicationBuilder builder)
    {
        builder.WebHost.ConfigureKestrel(k => k.Limits.MaxRequestBodySize = MaxBodyBytes);
        builder.Services.Configure<FormOptions>(o =>
        {
            o.MultipartBodyLengthLimit = MaxBodyBytes;
            o.ValueLengthLimit = (int)MaxBodyBytes;
            o.ValueCountLimit = 256;
        });
    }

    /// <summary>The middleware: refuses an oversized body and a repeated form field, then goes on.</summary>
    public static async Task CheckAsync(HttpContext context, RequestDelegate next, ILogger logger)
    {
        var request = context.Request;
        try
        {
            if (request.ContentLength > MaxBodyBytes)
            {
                await TooLargeAsync(context, logger, request.ContentLength.Value.ToString("N0", CultureInfo.InvariantCulture) + " bytes").ConfigureAwait(false);
                return;
            }

            if (request.HasFormContentType)
            {
                var form = await request.ReadFormAsync(context.RequestAborted).ConfigureAwait(false);
                var repeated = form.Where(f => f.Value.Count > 1).Select(f => f.Key).Order(StringComparer.Ordinal).ToList();
                if (repeated.Count > 0)
                {
                    var fields = string.Join(", ", repeated.Select(f => $"'{f}'"));
                    LogRepeatedField(logger, request.Method, request.Path, DashboardAccess.Who(context), fields);
                    context.Response.StatusCode = StatusCodes.Status400BadRequest;
                    await context.Response.WriteAsync($"The form sends the field {fields} more than once; a field is sent once. Reload the page and try again.", context.RequestAborted).ConfigureAwait(false);
                    return;
                }
            }
        }
        catch (BadHttpRequestException ex) when (ex.StatusCode == StatusCodes.Status413PayloadTooLarge)
        {
            await TooLargeAsync(context, logger, "more than that").ConfigureAwait(false);
            return;
        }
        catch (InvalidDataException ex)
        {
            // The form reader's own limits (value count, value length, multipart sections): the same answer.
            await TooLargeAsync(context, logger, ex.Message).ConfigureAwait(false);
            return;
        }

        await next(context).ConfigureAwait(false);
    }

    private static async Task TooLargeAsync(HttpContext context, ILogger logger, string size)
    {
        LogTooLarge(logger, context.Request.Method, context.Request.Path, DashboardAccess.Who(context), size, MaxBodyBytes / 1024);
        if (!context.Response.HasStarted)
        {
            context.Response.StatusCode = StatusCodes.Status413PayloadTooLarge;
            context.Response.Headers.Connection = "close";
            await context.Response.WriteAsync($"The request is larger than the {MaxBodyBytes / 1024} KiB a dashboard form may be; nothing was done.").ConfigureAwait(false);
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Dashboard request {Method} {Path} from {From} refused (413): its body is {Size}, more than the {Limit} KiB a dashboard form may be; nothing was done. A browser never sends this: if it was not you, someone is probing the dashboard")]
    private static partial void LogTooLarge(ILogger logger, string method, string path, string from, string size, long limit);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Dashboard request {Method} {Path} from {From} refused (400): the form sends {Fields} more than once; nothing was done. The dashboard's own forms never do: if it was not you, someone is probing the dashboard")]
    private static partial void LogRepeatedField(ILogger logger, string method, string path, string from, string fields);
}
