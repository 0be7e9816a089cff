using System.Net;
using System.Net.Sockets;
using System.ServiceModel;
using System.ServiceModel.Security;
using ConnectorHost.Abstractions.Documents;
using ConnectorHost.Plugins.ClientOnline.Contracts;

namespace ConnectorHost.Plugins.ClientOnline.Accordering;

/// <summary>
/// Turns what a WCF call can throw into the host's exceptions: refused credentials into
/// <see cref="TargetAuthenticationException"/>, everything else (unreachable, time-out, HTTP 5xx, a dropped
/// connection, any other SOAP fault) into <see cref="TransientFailureException"/>, each saying what failed and where.
/// </summary>
internal static class SoapFailures
{
    /// <param name="operation">The SOAP operation, for the message.</param>
    /// <param name="endpoint">Where it was called.</param>
    /// <param name="timeout">The time-out in force.</param>
    /// <param name="httpStatus">The HTTP status of the answer, when there was one.</param>
    /// <param name="failure">What WCF threw.</param>
    /// <returns>The exception to throw.</returns>
    public static Exception Map(string operation, Uri endpoint, TimeSpan timeout, int? httpStatus, Exception failure) => failure switch
    {
        FaultException<AuthenticationFault> auth => new TargetAuthenticationException(
            $"ClientOnline at {endpoint} refused user name '{auth.Detail.UserName}' ({auth.Detail.Message}). Correct userName and password of the clientonline.accordering target.",
            failure),
        MessageSecurityException security => new TargetAuthenticationException(
            $"ClientOnline at {endpoint} refused the {operation} call: {FirstLine(security.Message)}. Check userName and password of the clientonline.accordering target.",
            failure),
        FaultException fault => new TransientFailureException(
            $"ClientOnline at {endpoint} answered {operation} with a SOAP fault: {FirstLine(fault.Reason.ToString())}",
            failure),
        _ when failure is EndpointNotFoundException || Has<SocketException>(failure) => new TransientFailureException(
            $"ClientOnline at {endpoint} could not be reached for {operation}: {Innermost(failure)}",
            failure),
        TimeoutException => new TransientFailureException(
            $"ClientOnline at {endpoint} did not answer {operation} within {timeout.TotalSeconds:0} s",
            failure),
        _ when httpStatus is >= 400 => new TransientFailureException(
            $"ClientOnline at {endpoint} answered {operation} with HTTP {httpStatus} ({ReasonPhrase(httpStatus.Value)}) instead of a SOAP answer",
            failure),
        _ => new TransientFailureException(
            $"ClientOnline at {endpoint} failed {operation}: {Innermost(failure)}",
            failure),
    };

    private static bool Has<T>(Exception failure)
        where T : Exception
    {
        for (var e = failure; e is not null; e = e.InnerException)
        {
            if (e is T)
            {
                return true;
            }
        }

        return false;
    }

    private static string ReasonPhrase(int status) =>
        Enum.IsDefined(typeof(HttpStatusCode), status) ? ((HttpStatusCode)status).ToString() : "unknown status";

    private static string Innermost(Exception failure)
    {
        var message = FirstLine(failure.Message);
        var inner = failure.InnerException;
        while (inner is not null)
        {
            if (!string.IsNullOrWhiteSpace(inner.Message) && !message.Contains(FirstLine(inner.Message), StringComparison.Ordinal))
            {
                message += " (" + FirstLine(inner.Message) + ")";
            }

            inner = inner.InnerException;
        }

        return message;
    }

    private static string FirstLine(string text)
    {
        var line = text.Split('\n', 2)[0].Trim();
        return line.Length > 300 ? line[..300] + "..." : line;
    }
}
