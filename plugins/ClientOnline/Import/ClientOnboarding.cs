using System.Globalization;
using ConnectorHost.Abstractions.Plugins;
using ConnectorHost.Plugins.ClientOnline.Contracts.Beheer;
using Microsoft.Extensions.Logging;

namespace ConnectorHost.Plugins.ClientOnline.Import;

/// <summary>
/// Creates one client at the portal with its users, their document type rights, approval tokens and PIN letters
/// (PO-3..PO-6), each step recorded in the state store before and after it is done, so an interrupted client is
/// finished by the next run instead of created twice.
/// </summary>
internal sealed class ClientOnboarding(ClientImportSettings settings, IComponentContext context, BeheerClient portal, ImportRecords records, ImportDefaults defaults, PinHashes pins, ILogger logger)
{
    /// <summary>
    /// The record of a client the portal does not have, at <c>creating</c>: a client the portal does not have starts
    /// afresh, also when an earlier record says otherwise (a portal reset).
    /// </summary>
    public ClientRecord Creating(ClientRow row) => Describe(row, new ClientRecord { Stage = "creating" });

    /// <summary>
    /// Creates (or finishes) one client with its users; returns the number of users. A client the portal does not have
    /// (<paramref name="card"/> null) gets its <c>creating</c> record written first, unless the caller wrote it
    /// (<paramref name="creatingWritten"/>: the run writes those of many clients in one transaction).
    /// </summary>
    public async Task<int> CreateAsync(ClientRow row, ClientInfo? card, ClientRecord? record, LetterTemplate? template, CancellationToken cancellationToken, bool creatingWritten = false)
    {
        if (card is null)
        {
            if (!creatingWritten || record is not { Stage: "creating" })
            {
                record = Creating(row);
                await records.PutAsync(row.Key, record, cancellationToken).ConfigureAwait(false);
            }

            var created = await portal.CreateClientAsync(
                new ClientInfo
                {
                    Name = row.Name,
                    KvkNumber = row.KvkNumber,
                    HiddenId = row.HiddenId ?? string.Empty,
                    Address = row.Address,
                    PostalCode = row.PostalCode,
                    City = row.City,
                    Email = row.Email,
                    Branch = row.Branch,
                },
                record.Group,
                cancellationToken).ConfigureAwait(false);
            card = created.Client;
            logger.LogClientCreated(row.Line, row.Name, card.HiddenId, created.AlreadyExisted);
        }
        else
        {
            record = Describe(row, record ?? new ClientRecord());
        }

        // No write of its own for "the client is at the portal": a crash before the next write leaves "creating" with
        // the client at the portal, which the next run finds (by KvK or hidden id) and finishes from there; every
        // Beheer call is safe to repeat. The hidden id goes with the next write.
        record.HiddenId = card.HiddenId;
        for (var i = 0; i < row.Users.Count; i++)
        {
            var user = row.Users[i];
            var ur = record.Users.FirstOrDefault(u => string.Equals(u.Login, user.Login, StringComparison.OrdinalIgnoreCase));
            if (ur is null)
            {
                ur = new UserRecord { Login = user.Login, FullName = user.FullName, Superuser = i == 0, Token = user.Token ?? defaults.TokenOf(row) };
                record.Users.Add(ur);
            }

            await CreateUserAsync(row.Key, record, ur, user, template!, lastStep: i == row.Users.Count - 1, cancellationToken).ConfigureAwait(false);
        }

        // The last user's "done" write marked the client done with it; otherwise (no users, or the last user was done
        // already) the client's own write.
        if (record.Stage != "done")
        {
            record.Stage = "done";
            await records.PutAsync(row.Key, record, cancellationToken).ConfigureAwait(false);
        }

        return row.Users.Count;
    }

    /// <summary>The row's values in the record (the export may have changed since an interrupted run).</summary>
    private ClientRecord Describe(ClientRow row, ClientRecord record)
    {
        record.Line = row.Line;
        record.Name = row.Name;
        record.KvkNumber = row.KvkNumber;
        record.Address = row.Address;
        record.PostalCode = row.PostalCode;
        record.City = row.City;
        record.Group = defaults.GroupOf(row);
        record.Branch = row.Branch;
        return record;
    }

    private async Task CreateUserAsync(string key, ClientRecord record, UserRecord ur, UserRow user, LetterTemplate template, bool lastStep, CancellationToken cancellationToken)
    {
        if (ur.Stage == "new")
        {
            await portal.CreateUserAsync(
                new UserInfo
                {
                    Login = user.Login,
                    ClientHiddenId = record.HiddenId!,
                    FullName = user.FullName,
                    Email = user.Email,
                    Mobile = user.Mobile,
                    Superuser = ur.Superuser,
                    LoginMethod = user.LoginMethod,
                },
                cancellationToken).ConfigureAwait(false);
            var rights = new Dictionary<string, ApprovalRight>(StringComparer.OrdinalIgnoreCase);
            if (ur.Superuser)
            {
                foreach (var type in settings.DocumentTypes)
                {
                    rights[type] = ApprovalRight.MayApprove;
                }
            }

            foreach (var (type, right) in user.Rights)
            {
                rights[type] = right;
            }

            foreach (var (type, right) in rights)
            {
                await portal.SetDocumentTypeRightAsync(user.Login, type, right, cancellationToken).ConfigureAwait(false);
            }

            // Not written on its own: the user's next write (its letter, or its token) records it. A crash before that
            // leaves the user at "new", and the next run asks the portal again, which returns the user it already has
            // and sets the same rights.
            ur.Stage = "created";
        }

        await SetTokenAndLetterAsync(key, record, ur, template, cancellationToken, clientDone: lastStep).ConfigureAwait(false);
    }

    /// <summary>
    /// Sets the user's token at the portal and, for a PIN, writes the letter. A PIN lives only in memory and in its
    /// letter, never in the state store (SEC-5): the letter is written and the PIN's hash recorded first, then the
    /// PIN is set at the portal. A crash before the portal has it leaves the user at "letter-written", and the next
    /// run makes a new PIN and writes the letter again, so the letter and the portal always agree. With
    /// <c>clientDone</c> (the client's last step) the user's "done" write marks the client done too.
    /// </summary>
    public async Task SetTokenAndLetterAsync(string key, ClientRecord record, UserRecord ur, LetterTemplate template, CancellationToken cancellationToken, bool clientDone = false)
    {
        if (ur.Stage is not ("created" or "letter-written" or "token-set"))
        {
            return;
        }

        if (ur.Token != ApprovalTokenKind.Pin)
        {
            await portal.SetApprovalTokenAsync(ur.Login, ur.Token, null, cancellationToken).ConfigureAwait(false);
            Done(record, ur, clientDone);
            await records.PutAsync(key, record, cancellationToken).ConfigureAwait(false);
            return;
        }

        var pin = PinLetters.NewPin(settings.PinLength);
        ur.Letter = PinLetters.Write(template, defaults.LettersFolder, new LetterModel(
            record.Name, record.HiddenId!, record.KvkNumber, record.Address, record.PostalCode, record.City, ur.FullName, ur.Login, pin,
            context.Clock.GetLocalNow().ToString("d MMMM yyyy", CultureInfo.GetCultureInfo("nl-NL"))));
        ur.PinHash = pins.Hash(pin);
        ur.Pin = null; // a plain PIN left by an earlier version goes with this write
        ur.Stage = "letter-written";
        await records.PutAsync(key, record, cancellationToken).ConfigureAwait(false);

        await portal.SetApprovalTokenAsync(ur.Login, ur.Token, pin, cancellationToken).ConfigureAwait(false);
        Done(record, ur, clientDone);
        await records.PutAsync(key, record, cancellationToken).ConfigureAwait(false);
        logger.LogLetterWritten(ur.Login, ur.Letter);
    }

    private static void Done(ClientRecord record, UserRecord ur, bool clientDone)
    {
        ur.Stage = "done";
        if (clientDone)
        {
            record.Stage = "done";
        }
    }
}
