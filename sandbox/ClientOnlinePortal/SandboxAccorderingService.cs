using System.ServiceModel;
using ConnectorHost.Plugins.ClientOnline.Contracts;
using Microsoft.AspNetCore.Http;

namespace ConnectorHost.Sandbox.ClientOnlinePortal;

/// <summary>The sandbox's implementation of the accordering service, served by SoapCore.</summary>
internal sealed class SandboxAccorderingService(
    PortalState state,
    SandboxCredentials credentials,
    IHttpContextAccessor httpContextAccessor) : IAccorderingService
{
    /// <summary>The key in <see cref="HttpContext.Items"/> that makes the call answer "wrong credentials".</summary>
    internal const string InjectWrongPasswordItem = "sandbox.inject-wrong-password";

    public Task<SubmitDocumentResponse> SubmitDocumentAsync(SubmitDocumentRequest request)
    {
        if (request is null)
        {
            throw Invalid("The request is empty.");
        }

        Authenticate(request.UserName, request.Password);
        var missing = new List<string>();
        if (string.IsNullOrWhiteSpace(request.IdempotencyKey))
        {
            missing.Add(nameof(request.IdempotencyKey));
        }

        if (string.IsNullOrWhiteSpace(request.FileName))
        {
            missing.Add(nameof(request.FileName));
        }

        if (request.Content is null || request.Content.Length == 0)
        {
            missing.Add(nameof(request.Content));
        }

        if (string.IsNullOrWhiteSpace(request.ClientNumber))
        {
            missing.Add(nameof(request.ClientNumber));
        }

        if (string.IsNullOrWhiteSpace(request.DocumentType))
        {
            missing.Add(nameof(request.DocumentType));
        }

        if (missing.Count > 0)
        {
            throw Invalid($"SubmitDocument needs {string.Join(", ", missing)}.");
        }

        var (submission, alreadyReceived) = state.Submit(new NewSubmission(
            request.IdempotencyKey.Trim(),
            request.FileName,
            request.Content!,
            request.ClientNumber.Trim(),
            request.ClientNumberKind,
            request.DocumentType.Trim(),
            ToDate(request.PeriodFrom),
            ToDate(request.PeriodTo),
            request.Notify));
        return Task.FromResult(new SubmitDocumentResponse
        {
            Status = submission.Status,
            Reference = submission.Reference,
            Reason = submission.Reason,
            Deadline = ToDateTime(submission.Deadline),
            AlreadyReceived = alreadyReceived,
        });
    }

    public Task<SubmissionInfo?> FindSubmissionAsync(string userName, string password, string idempotencyKey)
    {
        Authenticate(userName, password);
        var submission = string.IsNullOrWhiteSpace(idempotencyKey) ? null : state.FindByKey(idempotencyKey.Trim());
        return Task.FromResult(submission is null ? null : ToInfo(submission));
    }

    public Task<SubmissionInfo> GetSubmissionStatusAsync(string userName, string password, string reference)
    {
        Authenticate(userName, password);
        var submission = (string.IsNullOrWhiteSpace(reference) ? null : state.FindByReference(reference.Trim()))
            ?? throw NotFound(reference);
        return Task.FromResult(ToInfo(submission));
    }

    public Task<SubmissionInfo> WithdrawSubmissionAsync(string userName, string password, string reference, string? reason)
    {
        Authenticate(userName, password);
        if (string.IsNullOrWhiteSpace(reference) || state.FindByReference(reference.Trim()) is null)
        {
            throw NotFound(reference);
        }

        return Task.FromResult(ToInfo(state.Withdraw(reference.Trim(), reason)));
    }

    internal static SubmissionInfo ToInfo(PortalSubmission s) => new()
    {
        Reference = s.Reference,
        IdempotencyKey = s.IdempotencyKey,
        Status = s.Status,
        Reason = s.Reason,
        Deadline = ToDateTime(s.Deadline),
        FileName = s.FileName,
        DocumentType = s.DocumentType,
        ReceivedAt = s.ReceivedAt.UtcDateTime,
        DecidedAt = s.DecidedAt?.UtcDateTime,
    };

    private void Authenticate(string? userName, string? password)
    {
        var injected = httpContextAccessor.HttpContext?.Items.ContainsKey(InjectWrongPasswordItem) == true;
        if (injected || !credentials.Matches(userName, password))
        {
            throw new FaultException<AuthenticationFault>(
                new AuthenticationFault
                {
                    Message = "The user name or password is not correct.",
                    UserName = userName ?? string.Empty,
                },
                new FaultReason("Authentication failed: the user name or password is not correct."));
        }
    }

    private static FaultException<SubmissionNotFoundFault> NotFound(string? reference) => new(
        new SubmissionNotFoundFault
        {
            Message = $"The portal has no submission with reference '{reference}'.",
            Reference = reference ?? string.Empty,
        },
        new FaultReason($"Unknown submission reference '{reference}'."));

    private static FaultException Invalid(string message) => new(message);

    private static DateOnly? ToDate(DateTime? value) => value is { } v ? DateOnly.FromDateTime(v) : null;

    private static DateTime? ToDateTime(DateOnly? value) =>
        value is { } d ? d.ToDateTime(TimeOnly.MinValue, DateTimeKind.Unspecified) : null;
}

/// <summary>The one portal account the sandbox accepts.</summary>
/// <param name="UserName">The user name.</param>
/// <param name="Password">The password.</param>
internal sealed record SandboxCredentials(string UserName, string Password)
{
    public bool Matches(string? userName, string? password) =>
        string.Equals(userName, UserName, StringComparison.Ordinal)
        && string.Equals(password, Password, StringComparison.Ordinal);
}
