using System.Globalization;
using ConnectorHost.Abstractions.Mail;
using ConnectorHost.Abstractions.State;
using ConnectorHost.Abstractions.Sync;

namespace ConnectorHost.Mail;

/// <summary>
/// The one "mailed once" path of every instruction (H-8, AT-7), whichever component raised it: a queue task (the queue
/// runner) or a plain sync task (the sync pipeline runner). The mark is kept per instruction, by its id (unique in the
/// store), in the record collection <see cref="Collection"/>: a second instruction of the same dossier or pipeline,
/// made after the first was resolved, is a new instruction and gets its own mail. The mark is written only after the
/// mail went out, so a mail that failed goes out at the next run. Schema migration 6 moved the marks the queue kept
/// under its own name (<c>accountingtasks.mailed</c>, key <c>queue:id</c>) here, so an upgraded host mails nothing again.
/// </summary>
internal static class InstructionMailOnce
{
    /// <summary>Record collection of the instructions already mailed (key: the instruction's id).</summary>
    public const string Collection = "host.instructions-mailed";

    /// <summary>Mails the instruction unless it was mailed before, then marks it mailed.</summary>
    /// <param name="state">The store the mark is kept in.</param>
    /// <param name="mailer">The mailer.</param>
    /// <param name="id">The stored instruction's id.</param>
    /// <param name="instruction">The instruction.</param>
    /// <param name="createdAt">When it was made, in the time the mail shows (the office's).</param>
    /// <param name="to">The recipients, or null for the mail settings' default.</param>
    /// <param name="cancellationToken">Stops the call.</param>
    /// <returns>Whether a mail went out now (false: it had been mailed before).</returns>
    public static async Task<bool> MailAsync(
        IStateStore state, IMailer mailer, long id, Instruction instruction, DateTime createdAt, IReadOnlyList<string>? to, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(state);
        ArgumentNullException.ThrowIfNull(mailer);
        var key = id.ToString(CultureInfo.InvariantCulture);
        if (await state.Records.GetAsync(Collection, key, cancellationToken).ConfigureAwait(false) is not null)
        {
            return false;
        }

        await mailer.SendAsync(InstructionCreatedMail.Template, InstructionCreatedMail.From(instruction, createdAt), to, cancellationToken).ConfigureAwait(false);
        await state.Records.PutAsync(new StoredRecord(Collection, key, "mailed", instruction.Dossier), cancellationToken).ConfigureAwait(false);
        return true;
    }
}
