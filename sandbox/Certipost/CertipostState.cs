using System.Globalization;
using System.Security.Cryptography;
using System.Text.RegularExpressions;

namespace ConnectorHost.Sandbox.Certipost;

/// <summary>One opt-in as the sender's software sends it.</summary>
/// <param name="Type">The opt-in type; e-invoicing enrolments are <c>BURST</c>.</param>
/// <param name="CustomerReference">The customer's number in the sender's software.</param>
/// <param name="Name">The customer's name.</param>
/// <param name="VatNumber">The enterprise or VAT number.</param>
/// <param name="Email">Where the welcome mail goes.</param>
/// <param name="Language">nl, fr, de or en.</param>
/// <param name="Street">Street and number.</param>
/// <param name="PostalCode">Postal code.</param>
/// <param name="City">City.</param>
/// <param name="CountryCode">ISO country code.</param>
public sealed record OptIn(
    string? Type,
    string? CustomerReference,
    string? Name,
    string? VatNumber,
    string? Email,
    string? Language,
    string? Street,
    string? PostalCode,
    string? City,
    string? CountryCode);

/// <summary>A batch of opt-ins; Certipost takes all of it or none.</summary>
/// <param name="SenderReference">The sender's own reference of the batch.</param>
/// <param name="OptIns">The opt-ins.</param>
public sealed record OptInBatch(string? SenderReference, IReadOnlyList<OptIn>? OptIns);

/// <summary>A batch Certipost took: its audit id (shown in CertiOne's Document Manager).</summary>
/// <param name="AuditId">The unique id of the batch.</param>
/// <param name="Accepted">How many opt-ins it held.</param>
public sealed record OptInBatchAccepted(string AuditId, int Accepted);

/// <summary>A customer's account at Certipost, created on its first opt-in (CP-8).</summary>
/// <param name="CustomerReference">The sender's customer number.</param>
/// <param name="Name">The name.</param>
/// <param name="VatNumber">The VAT number.</param>
/// <param name="Email">The e-mail address, also the login.</param>
/// <param name="Language">The language of the mails.</param>
/// <param name="InitialPassword">The password mailed to the customer, to change at the first login.</param>
/// <param name="ReceivedAt">When the opt-in arrived.</param>
/// <param name="AuditId">The batch it came in.</param>
public sealed record CustomerAccount(
    string CustomerReference,
    string Name,
    string VatNumber,
    string Email,
    string Language,
    string InitialPassword,
    DateTimeOffset ReceivedAt,
    string AuditId)
{
    /// <summary>Whether the customer accepted the terms (at the first login).</summary>
    public bool TermsAccepted { get; init; }

    /// <summary>When the customer unsubscribed on Certipost's site.</summary>
    public DateTimeOffset? UnsubscribedAt { get; init; }

    /// <summary>Whether the customer was removed from Certipost altogether (no longer on the list).</summary>
    public bool Removed { get; init; }
}

/// <summary>A mail Certipost "sent", kept in the sink for tests and people to read.</summary>
/// <param name="To">The recipient.</param>
/// <param name="Subject">The subject.</param>
/// <param name="Body">The text.</param>
/// <param name="SentAt">When.</param>
/// <param name="CustomerReference">The customer it is about.</param>
public sealed record SandboxMail(string To, string Subject, string Body, DateTimeOffset SentAt, string CustomerReference);

/// <summary>One customer on the list of enrolled customers.</summary>
/// <param name="CustomerReference">The sender's customer number.</param>
/// <param name="VatNumber">The VAT number.</param>
/// <param name="Status"><c>Enrolled</c> or <c>Unsubscribed</c>.</param>
/// <param name="EnrolledAt">When the enrolment was completed.</param>
/// <param name="UnsubscribedAt">When the customer unsubscribed.</param>
public sealed record Enrolment(string CustomerReference, string VatNumber, string Status, DateTimeOffset EnrolledAt, DateTimeOffset? UnsubscribedAt);

/// <summary>The list of enrolled customers at a moment, or one page of it.</summary>
/// <param name="GeneratedAt">When (the moment a later page is asked <c>asOf</c>, so the pages are of one list).</param>
/// <param name="Customers">The customers whose enrolment is complete (this page's, by customer reference).</param>
/// <param name="Total">How many customers the whole list has.</param>
public sealed record EnrolmentList(DateTimeOffset GeneratedAt, IReadOnlyList<Enrolment> Customers, int Total);

/// <summary>The batch was refused; why, per opt-in.</summary>
public sealed class BatchRefusedException(IReadOnlyList<string> reasons)
    : Exception($"The batch is refused: {string.Join("; ", reasons)}")
{
    /// <summary>Why, per opt-in.</summary>
    public IReadOnlyList<string> Reasons { get; } = reasons;
}

/// <summary>The sandbox's state: received batches, accounts, mails. Thread-safe.</summary>
public sealed partial class CertipostState(TimeProvider clock, TimeSpan confirmationDelay)
{
    private static readonly string[] Languages = ["nl", "fr", "de", "en"];
    private readonly Lock _lock = new();
    private readonly Dictionary<string, CustomerAccount> _accounts = new(StringComparer.OrdinalIgnoreCase);
    private readonly List<SandboxMail> _mails = [];
    private readonly List<OptInBatch> _batches = [];
    private int _nextAudit = 1;
    private readonly Dictionary<string, OptInBatchAccepted> _acceptedByReference = new(StringComparer.Ordinal);
    private int _loseNextAnswers;

    /// <summary>How long after receipt an enrolment is complete.</summary>
    public TimeSpan ConfirmationDelay { get; set; } = confirmationDelay;

    /// <summary>The batches taken, in order.</summary>
    public IReadOnlyList<OptInBatch> Batches
    {
        get
        {
            lock (_lock)
            {
                return _batches.ToList();
            }
        }
    }

    /// <summary>The accounts.</summary>
    public IReadOnlyList<CustomerAccount> Accounts
    {
        get
        {
            lock (_lock)
            {
                return _accounts.Values.OrderBy(a => a.CustomerReference, StringComparer.Ordinal).ToList();
            }
        }
    }

    /// <summary>The mail sink.</summary>
    public IReadOnlyList<SandboxMail> Mails
    {
        get
        {
            lock (_lock)
            {
                return _mails.ToList();
            }
        }
    }

    /// <summary>Validates a batch and takes all of it, or refuses all of it.</summary>
    /// <param name="batch">The batch.</param>
    /// <returns>Its audit id.</returns>
    /// <exception cref="BatchRefusedException">An opt-in is not valid; nothing was taken.</exception>
    public OptInBatchAccepted Receive(OptInBatch batch)
    {
        ArgumentNullException.ThrowIfNull(batch);
        var optIns = batch.OptIns ?? [];
        var reasons = new List<string>();
        if (optIns.Count == 0)
        {
            reasons.Add("the batch holds no opt-ins");
        }

        var references = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        for (var i = 0; i < optIns.Count; i++)
        {
            var o = optIns[i];
            var label = $"opt-in {i + 1} (customer {o.CustomerReference ?? "?"})";
            foreach (var problem in Problems(o))
            {
                reasons.Add($"{label}: {problem}");
            }

            if (!string.IsNullOrWhiteSpace(o.CustomerReference) && !references.Add(o.CustomerReference))
            {
                reasons.Add($"{label}: the customer appears twice in the batch");
            }
        }

        if (reasons.Count > 0)
        {
            throw new BatchRefusedException(reasons);
        }

        lock (_lock)
        {
            if (!string.IsNullOrWhiteSpace(batch.SenderReference) && _acceptedByReference.TryGetValue(batch.SenderReference, out var earlier))
            {
                return earlier; // the same batch sent again (its answer was lost): taken once
            }

            var now = clock.GetUtcNow();
            var auditId = $"AUD-{now:yyyyMMdd}-{_nextAudit++:D5}";
            _batches.Add(batch);
            foreach (var o in optIns)
            {
                if (_accounts.TryGetValue(o.CustomerReference!, out var existing) && existing is { UnsubscribedAt: null, Removed: false })
                {
                    continue; // already enrolled or pending: an opt-in sent again changes nothing
                }

                var account = new CustomerAccount(o.CustomerReference!, o.Name!, o.VatNumber!, o.Email!, o.Language!.ToLowerInvariant(), NewPassword(), now, auditId);
                _accounts[account.CustomerReference] = account;
                _mails.Add(Welcome(account, now));
            }

            var accepted = new OptInBatchAccepted(auditId, optIns.Count);
            if (!string.IsNullOrWhiteSpace(batch.SenderReference))
            {
                _acceptedByReference[batch.SenderReference] = accepted;
            }

            return accepted;
        }
    }

    /// <summary>How many of the next accepted batches get no answer (HTTP 503 after they were taken), to test lost answers.</summary>
    public int LoseNextAnswers
    {
        get
        {
            lock (_lock)
            {
                return _loseNextAnswers;
            }
        }

        set
        {
            ArgumentOutOfRangeException.ThrowIfNegative(value);
            lock (_lock)
            {
                _loseNextAnswers = value;
            }
        }
    }

    /// <summary>Whether the answer to the batch just taken is to be lost; counts it down.</summary>
    /// <returns>True when the caller must answer 503 instead.</returns>
    public bool TakeLostAnswer()
    {
        lock (_lock)
        {
            if (_loseNextAnswers == 0)
            {
                return false;
            }

            _loseNextAnswers--;
            return true;
        }
    }

    /// <summary>
    /// The customers whose enrolment is complete at <paramref name="asOf"/> (now when null): received at least
    /// <see cref="ConfirmationDelay"/> before it, by customer reference; all of them, or page <paramref name="page"/>
    /// (from 1) of <paramref name="pageSize"/>.
    /// </summary>
    /// <returns>The list or its page, with the whole list's total.</returns>
    public EnrolmentList EnrolledCustomers(DateTimeOffset? asOf = null, int? page = null, int? pageSize = null)
    {
        lock (_lock)
        {
            var at = asOf ?? clock.GetUtcNow();
            var customers = _accounts.Values
                .Where(a => !a.Removed && a.ReceivedAt + ConfirmationDelay <= at)
                .OrderBy(a => a.CustomerReference, StringComparer.Ordinal)
                .Select(a => new Enrolment(a.CustomerReference, a.VatNumber, a.UnsubscribedAt is null ? "Enrolled" : "Unsubscribed", a.ReceivedAt + ConfirmationDelay, a.UnsubscribedAt))
                .ToList();
            var shown = page is { } p && pageSize is { } size ? customers.Skip((p - 1) * size).Take(size).ToList() : customers;
            return new EnrolmentList(at, shown, customers.Count);
        }
    }

    /// <summary>The customer unsubscribes on Certipost's site (CP-7).</summary>
    /// <param name="customerReference">The customer.</param>
    /// <returns>The account.</returns>
    public CustomerAccount Unsubscribe(string customerReference) => Update(customerReference, a => a with { UnsubscribedAt = a.UnsubscribedAt ?? clock.GetUtcNow() });

    /// <summary>Certipost removes the customer altogether: it no longer appears on the list.</summary>
    /// <param name="customerReference">The customer.</param>
    /// <returns>The account.</returns>
    public CustomerAccount Remove(string customerReference) => Update(customerReference, a => a with { Removed = true });

    /// <summary>The customer logs in for the first time and accepts the terms.</summary>
    /// <param name="customerReference">The customer.</param>
    /// <returns>The account.</returns>
    public CustomerAccount AcceptTerms(string customerReference) => Update(customerReference, a => a with { TermsAccepted = true });

    private CustomerAccount Update(string customerReference, Func<CustomerAccount, CustomerAccount> change)
    {
        lock (_lock)
        {
            if (!_accounts.TryGetValue(customerReference, out var account))
            {
                throw new KeyNotFoundException($"Certipost has no customer {customerReference}.");
            }

            return _accounts[customerReference] = change(account);
        }
    }

    private static IEnumerable<string> Problems(OptIn o)
    {
        if (!string.Equals(o.Type, "BURST", StringComparison.Ordinal))
        {
            yield return $"type '{o.Type}' is not BURST";
        }

        foreach (var (name, value) in new[]
                 {
                     ("customerReference", o.CustomerReference), ("name", o.Name), ("vatNumber", o.VatNumber), ("email", o.Email),
                     ("language", o.Language), ("street", o.Street), ("postalCode", o.PostalCode), ("city", o.City), ("countryCode", o.CountryCode),
                 })
        {
            if (string.IsNullOrWhiteSpace(value))
            {
                yield return $"{name} is missing";
            }
        }

        if (!string.IsNullOrWhiteSpace(o.Email) && !EmailPattern().IsMatch(o.Email))
        {
            yield return $"email '{o.Email}' is not an e-mail address";
        }

        if (!string.IsNullOrWhiteSpace(o.Language) && !Languages.Contains(o.Language.ToLowerInvariant()))
        {
            yield return $"language '{o.Language}' is not one of nl, fr, de, en";
        }

        if (!string.IsNullOrWhiteSpace(o.CountryCode) && !CountryPattern().IsMatch(o.CountryCode))
        {
            yield return $"countryCode '{o.CountryCode}' is not an ISO 3166 alpha-2 code in capitals";
        }

        if (string.Equals(o.CountryCode, "BE", StringComparison.Ordinal) && !string.IsNullOrWhiteSpace(o.VatNumber) && !IsBelgianVat(o.VatNumber))
        {
            yield return $"vatNumber '{o.VatNumber}' is not a valid Belgian VAT number (BE + 10 digits, check digit 97 - first 8 mod 97)";
        }
    }

    private static bool IsBelgianVat(string vat)
    {
        var match = BelgianVatPattern().Match(vat);
        if (!match.Success)
        {
            return false;
        }

        var digits = match.Groups[1].Value;
        return 97 - (int.Parse(digits[..8], CultureInfo.InvariantCulture) % 97) == int.Parse(digits[8..], CultureInfo.InvariantCulture);
    }

    private static string NewPassword()
    {
        const string alphabet = "ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz23456789";
        return new string(Enumerable.Range(0, 12).Select(_ => alphabet[RandomNumberGenerator.GetInt32(alphabet.Length)]).ToArray());
    }

    private static SandboxMail Welcome(CustomerAccount a, DateTimeOffset now)
    {
        var (subject, body) = a.Language switch
        {
            "fr" => ("Bienvenue chez Certipost: vos factures électroniques",
                $"Bonjour {a.Name},\n\nVotre fournisseur vous a inscrit pour recevoir vos factures par voie électronique (opt-in BURST, audit {a.AuditId}).\nIdentifiant: {a.Email}\nMot de passe initial: {a.InitialPassword}\n\nÀ votre première connexion, vous devez accepter les conditions générales (https://sandbox.certipost.local/conditions) et changer le mot de passe initial.\n"),
            _ => ("Welkom bij Certipost: uw facturen elektronisch",
                $"Beste {a.Name},\n\nUw leverancier heeft u ingeschreven om uw facturen elektronisch te ontvangen (opt-in BURST, audit {a.AuditId}).\nGebruikersnaam: {a.Email}\nInitieel paswoord: {a.InitialPassword}\n\nBij uw eerste aanmelding moet u de algemene voorwaarden aanvaarden (https://sandbox.certipost.local/voorwaarden) en het initieel paswoord wijzigen.\n"),
        };
        return new SandboxMail(a.Email, subject, body, now, a.CustomerReference);
    }

    [GeneratedRegex(@"^[^@\s]+@[^@\s]+\.[^@\s]+$")]
    private static partial Regex EmailPattern();

    [GeneratedRegex("^[A-Z]{2}$")]
    private static partial Regex CountryPattern();

    [GeneratedRegex("^BE([01][0-9]{9})$")]
    private static partial Regex BelgianVatPattern();
}
