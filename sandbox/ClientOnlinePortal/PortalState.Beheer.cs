using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using ConnectorHost.Plugins.ClientOnline.Contracts;
using ConnectorHost.Plugins.ClientOnline.Contracts.Beheer;

namespace ConnectorHost.Sandbox.ClientOnlinePortal;

/// <summary>
/// The portal's set-up (PO-1..PO-7): client details, client groups with rights, branches, client users with their
/// login method, approval tokens and rights per document type, the SMS sink, and approval by users.
/// </summary>
public sealed partial class PortalState
{
    /// <summary>The group every portal has, with every right (the quickstart's "Cliënten met alle rechten").</summary>
    public const string AllRightsGroup = "Cliënten met alle rechten";

    private readonly Dictionary<string, ClientDetails> _details = new(StringComparer.OrdinalIgnoreCase);
    private readonly Dictionary<string, PortalGroup> _groups = new(StringComparer.OrdinalIgnoreCase)
    {
        [AllRightsGroup] = new PortalGroup(AllRightsGroup, KnownRights),
    };

    private readonly List<string> _branches = [];
    private readonly Dictionary<string, UserEntry> _users = new(StringComparer.OrdinalIgnoreCase);
    private readonly List<SmsMessage> _sms = [];
    private readonly Dictionary<string, List<UserApproval>> _approvals = new(StringComparer.OrdinalIgnoreCase);

    /// <summary>The modules a group or user can have rights on.</summary>
    public static IReadOnlyList<string> KnownRights { get; } = ["Accorderen", "Deponeren", "Dossier", "Nieuws", "Gebruikersbeheer"];

    /// <summary>The client groups.</summary>
    public IReadOnlyList<PortalGroup> Groups
    {
        get
        {
            lock (_gate)
            {
                return [.. _groups.Values];
            }
        }
    }

    /// <summary>The branches (vestigingen).</summary>
    public IReadOnlyList<string> Branches
    {
        get
        {
            lock (_gate)
            {
                return [.. _branches];
            }
        }
    }

    /// <summary>Every client user.</summary>
    public IReadOnlyList<PortalUser> Users
    {
        get
        {
            lock (_gate)
            {
                return [.. _users.Values.Select(UserOf)];
            }
        }
    }

    /// <summary>Every SMS "sent", oldest first (the sink tests read).</summary>
    public IReadOnlyList<SmsMessage> SentSms
    {
        get
        {
            lock (_gate)
            {
                return [.. _sms];
            }
        }
    }

    /// <summary>Every client card with its details.</summary>
    public IReadOnlyList<ClientCard> Cards
    {
        get
        {
            lock (_gate)
            {
                return [.. _clients.Select(CardOf)];
            }
        }
    }

    /// <summary>Creates a client card with its details, or returns the card with the same KvK number or hidden id.</summary>
    /// <param name="client">The card; an empty hidden id lets the portal give one.</param>
    /// <param name="details">Address, branch; its groups are ignored.</param>
    /// <param name="group">The group to put a new client in, or <c>null</c>.</param>
    /// <returns>The card and whether it existed.</returns>
    /// <exception cref="ArgumentException">A KvK number that is not 8 digits, or an unknown group or branch.</exception>
    public (ClientCard Card, bool AlreadyExisted) CreateClient(PortalClient client, ClientDetails details, string? group)
    {
        ArgumentNullException.ThrowIfNull(client);
        ArgumentNullException.ThrowIfNull(details);
        if (client.KvkNumber is { Length: > 0 } kvk && !IsKvk(kvk.Trim()))
        {
            throw new ArgumentException($"KvK number '{kvk}' is not 8 digits.", nameof(client));
        }

        lock (_gate)
        {
            var existing = (client.KvkNumber is { Length: > 0 } k ? FindClient(ClientNumberKind.KvK, k) : null)
                ?? (client.HiddenId is { Length: > 0 } h ? FindClient(ClientNumberKind.HiddenId, h) : null);
            if (existing is not null)
            {
                return (CardOf(existing), true);
            }

            var branch = Clean(details.Branch);
            if (branch is not null && !_branches.Contains(branch, StringComparer.OrdinalIgnoreCase))
            {
                throw new ArgumentException($"The portal has no branch (vestiging) '{branch}'.", nameof(details));
            }

            var groups = new List<string>();
            if (Clean(group) is { } g)
            {
                groups.Add(_groups.TryGetValue(g, out var found) ? found.Name : throw new ArgumentException($"The portal has no client group '{g}'.", nameof(group)));
            }

            var stored = AddClientLocked(client);
            _details[stored.HiddenId] = details with { Branch = branch, Groups = groups };
            return (CardOf(stored), false);
        }
    }

    /// <summary>The cards with one of the KvK numbers or hidden ids.</summary>
    /// <param name="kvkNumbers">KvK numbers.</param>
    /// <param name="hiddenIds">Hidden ids.</param>
    /// <returns>The cards found, each once.</returns>
    public IReadOnlyList<ClientCard> FindClients(IEnumerable<string> kvkNumbers, IEnumerable<string> hiddenIds)
    {
        lock (_gate)
        {
            var kvk = kvkNumbers.Select(n => Normalise(ClientNumberKind.KvK, n)).ToHashSet(StringComparer.Ordinal);
            var ids = hiddenIds.Select(n => n.Trim()).ToHashSet(StringComparer.OrdinalIgnoreCase);
            return [.. _clients
                .Where(c => ids.Contains(c.HiddenId) || (c.KvkNumber is { } k && kvk.Contains(Normalise(ClientNumberKind.KvK, k))))
                .Select(CardOf)];
        }
    }

    /// <summary>The clients a branch sees: its own and the concern-wide ones (PO-7).</summary>
    /// <param name="branch">The branch; <c>null</c> or empty for all clients.</param>
    /// <returns>The cards.</returns>
    public IReadOnlyList<ClientCard> ClientsOfBranch(string? branch)
    {
        lock (_gate)
        {
            var cards = _clients.Select(CardOf);
            return Clean(branch) is { } b
                ? [.. cards.Where(c => c.Details.Branch is null || string.Equals(c.Details.Branch, b, StringComparison.OrdinalIgnoreCase))]
                : [.. cards];
        }
    }

    /// <summary>Puts a new client (one without users) in a group (PO-2).</summary>
    /// <param name="hiddenId">The client.</param>
    /// <param name="group">The group.</param>
    /// <returns>The card after the call.</returns>
    public ClientCard AddClientToGroup(string hiddenId, string group)
    {
        lock (_gate)
        {
            var client = FindClient(ClientNumberKind.HiddenId, hiddenId) ?? throw new KeyNotFoundException($"The portal has no client with hidden id {hiddenId}.");
            var found = _groups.TryGetValue(group.Trim(), out var g) ? g : throw new KeyNotFoundException($"The portal has no client group '{group}'.");
            var details = _details[client.HiddenId];
            if (details.Groups.Contains(found.Name, StringComparer.OrdinalIgnoreCase))
            {
                return CardOf(client);
            }

            if (_users.Values.Any(u => u.ClientHiddenId == client.HiddenId))
            {
                throw new InvalidOperationException(
                    $"{client.Name} (hidden id {client.HiddenId}) already has users: only new clients can be placed in groups; set its rights per user.");
            }

            _details[client.HiddenId] = details with { Groups = [.. details.Groups, found.Name] };
            return CardOf(client);
        }
    }

    /// <summary>Creates a group or sets its rights.</summary>
    /// <param name="name">The group's name.</param>
    /// <param name="rights">Modules from <see cref="KnownRights"/>.</param>
    /// <returns>The group.</returns>
    public PortalGroup SaveGroup(string name, IEnumerable<string> rights)
    {
        var cleanName = Clean(name) ?? throw new ArgumentException("A client group needs a name.", nameof(name));
        var list = new List<string>();
        foreach (var right in rights.Select(r => r.Trim()).Where(r => r.Length > 0))
        {
            list.Add(KnownRights.FirstOrDefault(k => string.Equals(k, right, StringComparison.OrdinalIgnoreCase))
                ?? throw new ArgumentException($"'{right}' is not a right; the rights are {string.Join(", ", KnownRights)}.", nameof(rights)));
        }

        lock (_gate)
        {
            var group = new PortalGroup(_groups.TryGetValue(cleanName, out var old) ? old.Name : cleanName, [.. list.Distinct(StringComparer.OrdinalIgnoreCase)]);
            _groups[group.Name] = group;
            return group;
        }
    }

    /// <summary>Adds a branch; an existing one is left alone.</summary>
    /// <param name="branch">Its name.</param>
    /// <returns>The branches.</returns>
    public IReadOnlyList<string> AddBranch(string branch)
    {
        var name = Clean(branch) ?? throw new ArgumentException("A branch needs a name.", nameof(branch));
        lock (_gate)
        {
            if (!_branches.Contains(name, StringComparer.OrdinalIgnoreCase))
            {
                _branches.Add(name);
            }

            return [.. _branches];
        }
    }

    /// <summary>Creates a client user (PO-3), or returns the one with the same login at the same client.</summary>
    /// <param name="login">The login name.</param>
    /// <param name="clientHiddenId">The client.</param>
    /// <param name="fullName">The person's name.</param>
    /// <param name="email">The e-mail address.</param>
    /// <param name="mobile">The mobile number.</param>
    /// <param name="superuser">All rights.</param>
    /// <param name="loginMethod">How the user logs in; SMS needs a mobile number.</param>
    /// <returns>The user and whether it existed.</returns>
    public (PortalUser User, bool AlreadyExisted) CreateUser(string login, string clientHiddenId, string fullName, string? email, string? mobile, bool superuser, LoginMethod loginMethod)
    {
        var cleanLogin = Clean(login) ?? throw new ArgumentException("A user needs a login name.", nameof(login));
        lock (_gate)
        {
            var client = FindClient(ClientNumberKind.HiddenId, clientHiddenId) ?? throw new KeyNotFoundException($"The portal has no client with hidden id {clientHiddenId}.");
            if (_users.TryGetValue(cleanLogin, out var existing))
            {
                return existing.ClientHiddenId == client.HiddenId
                    ? (UserOf(existing), true)
                    : throw new InvalidOperationException($"The login '{cleanLogin}' is taken by a user of another client (hidden id {existing.ClientHiddenId}).");
            }

            if (loginMethod == LoginMethod.PasswordAndSms && Clean(mobile) is null)
            {
                throw new ArgumentException($"User '{cleanLogin}' logs in with an SMS code but has no mobile number.", nameof(mobile));
            }

            var entry = new UserEntry(cleanLogin, client.HiddenId, fullName.Trim(), Clean(email), Clean(mobile), superuser, loginMethod);
            _users.Add(cleanLogin, entry);
            return (UserOf(entry), false);
        }
    }

    /// <summary>A client's users, the first created first.</summary>
    /// <param name="hiddenId">The client.</param>
    /// <returns>The users.</returns>
    public IReadOnlyList<PortalUser> UsersOf(string hiddenId)
    {
        lock (_gate)
        {
            return [.. _users.Values.Where(u => string.Equals(u.ClientHiddenId, hiddenId, StringComparison.OrdinalIgnoreCase)).Select(UserOf)];
        }
    }

    /// <summary>Sets a user's password (the portal mails it in reality; the control API sets it here).</summary>
    /// <param name="login">The user.</param>
    /// <param name="password">The password.</param>
    public void SetPassword(string login, string password)
    {
        if (string.IsNullOrEmpty(password))
        {
            throw new ArgumentException("A password cannot be empty.", nameof(password));
        }

        lock (_gate)
        {
            User(login).PasswordHash = Hash(password);
        }
    }

    /// <summary>Sets the user's approval token (PO-4). A PIN is kept only as a hash.</summary>
    /// <param name="login">The user.</param>
    /// <param name="kind">PIN or SMS.</param>
    /// <param name="pin">The PIN, 5 to 8 digits, for <see cref="ApprovalTokenKind.Pin"/>.</param>
    /// <returns>The user.</returns>
    public PortalUser SetApprovalToken(string login, ApprovalTokenKind kind, string? pin)
    {
        lock (_gate)
        {
            var user = User(login);
            switch (kind)
            {
                case ApprovalTokenKind.Pin:
                    if (pin is null || pin.Length is < 5 or > 8 || !pin.All(char.IsAsciiDigit))
                    {
                        throw new ArgumentException($"The PIN of '{user.Login}' must be 5 to 8 digits.", nameof(pin));
                    }

                    user.PinHash = Hash(pin);
                    break;
                case ApprovalTokenKind.Sms:
                    if (user.Mobile is null)
                    {
                        throw new ArgumentException($"User '{user.Login}' has no mobile number: SMS confirmation needs one.", nameof(kind));
                    }

                    user.PinHash = null;
                    break;
                default:
                    user.PinHash = null;
                    break;
            }

            user.Token = kind;
            return UserOf(user);
        }
    }

    /// <summary>Sets a user's right on a document type (PO-5).</summary>
    /// <param name="login">The user.</param>
    /// <param name="documentType">The document type.</param>
    /// <param name="right">Mag accorderen, Moet accorderen or none.</param>
    /// <returns>The user.</returns>
    public PortalUser SetDocumentTypeRight(string login, string documentType, ApprovalRight right)
    {
        var type = Clean(documentType) ?? throw new ArgumentException("A document type is needed.", nameof(documentType));
        lock (_gate)
        {
            var user = User(login);
            if (right == ApprovalRight.None)
            {
                user.DocumentTypeRights.Remove(type);
            }
            else
            {
                user.DocumentTypeRights[type] = right;
            }

            return UserOf(user);
        }
    }

    /// <summary>
    /// A client user logs in (PO-4): with the password, and for <see cref="LoginMethod.PasswordAndSms"/> the SMS login
    /// code too. Without a code, such a user is sent one.
    /// </summary>
    /// <param name="login">The user.</param>
    /// <param name="password">The password.</param>
    /// <param name="smsCode">The SMS login code, once received.</param>
    /// <returns>What happened.</returns>
    public LoginResult Login(string login, string password, string? smsCode)
    {
        lock (_gate)
        {
            if (!_users.TryGetValue(login.Trim(), out var user) || user.PasswordHash is null || !Verify(password, user.PasswordHash))
            {
                return new LoginResult("refused", "The login name or password is not correct.");
            }

            if (user.LoginMethod == LoginMethod.Password)
            {
                return new LoginResult("logged-in", $"Welcome, {user.FullName}.");
            }

            if (string.IsNullOrWhiteSpace(smsCode))
            {
                SendSms(user, "login");
                return new LoginResult("sms-code-sent", $"A login code was sent to {Mask(user.Mobile!)}.");
            }

            return user.TakeCode("login", smsCode.Trim())
                ? new LoginResult("logged-in", $"Welcome, {user.FullName}.")
                : new LoginResult("refused", "The SMS login code is not correct.");
        }
    }

    /// <summary>Sends an SMS approval code for a submission to a user with an SMS token.</summary>
    /// <param name="reference">The submission.</param>
    /// <param name="login">The user.</param>
    /// <returns>The SMS.</returns>
    public SmsMessage RequestApprovalCode(string reference, string login)
    {
        lock (_gate)
        {
            var user = User(login);
            _ = PendingEntry(reference);
            return user.Token == ApprovalTokenKind.Sms
                ? SendSms(user, "approve " + reference.Trim().ToUpperInvariant())
                : throw new InvalidOperationException($"User '{user.Login}' confirms with {user.Token}, not by SMS.");
        }
    }

    /// <summary>
    /// A client user approves a waiting submission with their PIN or SMS code (PO-4, PO-5). One may-approve user is
    /// enough, unless the client has must-approve users for the document type: then every one of them must approve,
    /// and may-approve users have no rights on that type. The submission is approved when the rule is met.
    /// </summary>
    /// <param name="reference">The submission.</param>
    /// <param name="login">The user.</param>
    /// <param name="code">The PIN or the SMS code.</param>
    /// <returns>The submission, the approvals so far and who must still approve.</returns>
    public UserApprovalResult ApproveAsUser(string reference, string login, string code)
    {
        lock (_gate)
        {
            var entry = PendingEntry(reference);
            var user = User(login);
            var submission = entry.Snapshot;
            if (!string.Equals(submission.ClientHiddenId, user.ClientHiddenId, StringComparison.OrdinalIgnoreCase))
            {
                throw new InvalidOperationException($"User '{user.Login}' is not a user of the client of {submission.Reference}.");
            }

            var approvers = ApproversOf(user.ClientHiddenId, submission.DocumentType);
            var musts = approvers.Where(a => a.Right == ApprovalRight.MustApprove).Select(a => a.User.Login).ToList();
            var right = user.DocumentTypeRights.TryGetValue(submission.DocumentType, out var r) ? r : ApprovalRight.None;
            if (right == ApprovalRight.None || (musts.Count > 0 && right == ApprovalRight.MayApprove))
            {
                throw new InvalidOperationException(musts.Count > 0 && right == ApprovalRight.MayApprove
                    ? $"User '{user.Login}' has no rights on {submission.DocumentType}: the client has users who must approve it (Moet accorderen: {string.Join(", ", musts)})."
                    : $"User '{user.Login}' has no rights on {submission.DocumentType} (neither Mag nor Moet accorderen).");
            }

            if (!CodeMatches(user, reference, code))
            {
                throw new ArgumentException($"The {(user.Token == ApprovalTokenKind.Sms ? "SMS code" : "PIN")} of '{user.Login}' is not correct.", nameof(code));
            }

            var approvals = _approvals.TryGetValue(submission.Reference, out var list) ? list : _approvals[submission.Reference] = [];
            if (!approvals.Any(a => string.Equals(a.Login, user.Login, StringComparison.OrdinalIgnoreCase)))
            {
                approvals.Add(new UserApproval(user.Login, right, _clock.GetUtcNow()));
            }

            var still = musts.Where(m => !approvals.Any(a => string.Equals(a.Login, m, StringComparison.OrdinalIgnoreCase))).ToList();
            var after = still.Count == 0 ? ApproveLocked(entry) : entry.Snapshot;
            return new UserApprovalResult(after, [.. approvals], still);
        }
    }

    /// <summary>The users' approvals of a submission.</summary>
    /// <param name="reference">The submission.</param>
    /// <returns>The approvals.</returns>
    public IReadOnlyList<UserApproval> ApprovalsOf(string reference)
    {
        lock (_gate)
        {
            return _approvals.TryGetValue(reference, out var list) ? [.. list] : [];
        }
    }

    private List<(UserEntry User, ApprovalRight Right)> ApproversOf(string hiddenId, string documentType) =>
        [.. _users.Values
            .Where(u => string.Equals(u.ClientHiddenId, hiddenId, StringComparison.OrdinalIgnoreCase))
            .Select(u => (User: u, Right: u.DocumentTypeRights.TryGetValue(documentType, out var r) ? r : ApprovalRight.None))
            .Where(x => x.Right != ApprovalRight.None)];

    private bool CodeMatches(UserEntry user, string reference, string code) => user.Token switch
    {
        ApprovalTokenKind.Pin => user.PinHash is { } hash && Verify(code.Trim(), hash),
        ApprovalTokenKind.Sms => user.TakeCode("approve " + reference.Trim().ToUpperInvariant(), code.Trim()),
        _ => throw new InvalidOperationException($"User '{user.Login}' has no approval token yet (PIN or SMS)."),
    };

    private SmsMessage SendSms(UserEntry user, string purpose)
    {
        var code = RandomNumberGenerator.GetInt32(0, 1_000_000).ToString("D6", CultureInfo.InvariantCulture);
        user.Codes[purpose] = code;
        var text = purpose == "login" ? $"Uw ClientOnline inlogcode is {code}." : $"Uw ClientOnline bevestigingscode voor {purpose[8..]} is {code}.";
        var sms = new SmsMessage(user.Mobile!, user.Login, purpose, code, text, _clock.GetUtcNow());
        _sms.Add(sms);
        return sms;
    }

    private UserEntry User(string login) =>
        _users.TryGetValue(login.Trim(), out var user) ? user : throw new KeyNotFoundException($"The portal has no user '{login}'.");

    private ClientCard CardOf(PortalClient client) => new(client, _details.TryGetValue(client.HiddenId, out var d) ? d : ClientDetails.Empty);

    private PortalUser UserOf(UserEntry u)
    {
        var rights = u.Superuser
            ? KnownRights
            : _details.TryGetValue(u.ClientHiddenId, out var d)
                ? [.. d.Groups.SelectMany(g => _groups.TryGetValue(g, out var group) ? group.Rights : []).Distinct(StringComparer.OrdinalIgnoreCase)]
                : [];
        return new PortalUser(u.Login, u.ClientHiddenId, u.FullName, u.Email, u.Mobile, u.Superuser, u.LoginMethod, u.Token, rights,
            new Dictionary<string, ApprovalRight>(u.DocumentTypeRights, StringComparer.OrdinalIgnoreCase), u.PasswordHash is not null);
    }

    private static bool IsKvk(string number) => number.Length == 8 && number.All(char.IsAsciiDigit);

    private static string Mask(string mobile) => mobile.Length <= 2 ? "**" : new string('*', mobile.Length - 2) + mobile[^2..];

    private static string Hash(string secret)
    {
        var salt = RandomNumberGenerator.GetBytes(16);
        var hash = Rfc2898DeriveBytes.Pbkdf2(Encoding.UTF8.GetBytes(secret), salt, 10_000, HashAlgorithmName.SHA256, 32);
        return Convert.ToBase64String(salt) + ":" + Convert.ToBase64String(hash);
    }

    private static bool Verify(string secret, string stored)
    {
        var parts = stored.Split(':');
        var hash = Rfc2898DeriveBytes.Pbkdf2(Encoding.UTF8.GetBytes(secret), Convert.FromBase64String(parts[0]), 10_000, HashAlgorithmName.SHA256, 32);
        return CryptographicOperations.FixedTimeEquals(hash, Convert.FromBase64String(parts[1]));
    }

    private sealed class UserEntry(string login, string clientHiddenId, string fullName, string? email, string? mobile, bool superuser, LoginMethod loginMethod)
    {
        public string Login { get; } = login;

        public string ClientHiddenId { get; } = clientHiddenId;

        public string FullName { get; } = fullName;

        public string? Email { get; } = email;

        public string? Mobile { get; } = mobile;

        public bool Superuser { get; } = superuser;

        public LoginMethod LoginMethod { get; } = loginMethod;

        public ApprovalTokenKind Token { get; set; }

        public string? PasswordHash { get; set; }

        public string? PinHash { get; set; }

        public Dictionary<string, ApprovalRight> DocumentTypeRights { get; } = new(StringComparer.OrdinalIgnoreCase);

        /// <summary>The last SMS code sent per purpose; a code is used once.</summary>
        public Dictionary<string, string> Codes { get; } = new(StringComparer.Ordinal);

        public bool TakeCode(string purpose, string code)
        {
            if (Codes.TryGetValue(purpose, out var sent) && CryptographicOperations.FixedTimeEquals(Encoding.ASCII.GetBytes(sent), Encoding.ASCII.GetBytes(code)))
            {
                Codes.Remove(purpose);
                return true;
            }

            return false;
        }
    }
}
