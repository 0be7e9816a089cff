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
    public static Exception Map(string operation, Uri endpoint, TimeSpan timeout, Exception failure) => failure switch
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
        ServerTooBusyException => new TransientFailureException(
            $"ClientOnline at {endpoint} is too busy for {operation} (HTTP 503)",
            failure),
        _ => new TransientFailureException(
            $"ClientOnline at {endpoint} failed {operation}{HttpStatus(failure)}: {Innermost(failure)}",
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

    private static string HttpStatus(Exception failure)
    {
        for (var e = failure; e is not null; e = e.InnerException)
        {
            if (e is WebException { Response: HttpWebResponse response })
            {
                return $" with HTTP {(int)response.StatusCode}";
            }

            if (e is HttpRequestException { StatusCode: { } status })
            {
                return $" with HTTP {(int)status}";
            }
        }

        return string.Empty;
    }

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
