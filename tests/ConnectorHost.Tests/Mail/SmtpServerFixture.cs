using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text;

namespace ConnectorHost.Tests.Mail;

/// <summary>
/// A real SMTP server for the tests: Debian's aiosmtpd with its Mailbox handler, listening on a free loopback port
/// and storing every mail it accepts in a Maildir (<see cref="NewMailFolder"/>). Fails, never skips, when aiosmtpd
/// is not installed.
/// </summary>
public sealed class SmtpServerFixture : IDisposable
{
    private const string Python = "/usr/bin/python3";
    private const string InstallHint = "Install it with: apt-get install python3-aiosmtpd";
    private readonly Process _process;
    private readonly StringBuilder _output = new();

    public SmtpServerFixture()
    {
        CheckAiosmtpd();
        MailDir = Path.Combine(Path.GetTempPath(), "connectorhost-smtp-" + Guid.NewGuid().ToString("N"));
        foreach (var sub in new[] { "tmp", "new", "cur" })
        {
            Directory.CreateDirectory(Path.Combine(MailDir, sub)); // a Maildir; aiosmtpd only makes them for a new folder
        }
        Port = FreePort();
        var start = new ProcessStartInfo(Python)
        {
            RedirectStandardError = true,
            RedirectStandardOutput = true,
            UseShellExecute = false,
        };
        foreach (var argument in new[] { "-m", "aiosmtpd", "-n", "-l", $"127.0.0.1:{Port}", "-c", "aiosmtpd.handlers.Mailbox", MailDir })
        {
            start.ArgumentList.Add(argument);
        }

        _process = Process.Start(start) ?? throw new InvalidOperationException("Could not start " + Python);
        _process.OutputDataReceived += (_, e) => Append(e.Data);
        _process.ErrorDataReceived += (_, e) => Append(e.Data);
        _process.BeginOutputReadLine();
        _process.BeginErrorReadLine();
        WaitUntilListening();
    }

    /// <summary>The loopback port the server listens on.</summary>
    public int Port { get; }

    /// <summary>The server's Maildir.</summary>
    public string MailDir { get; }

    /// <summary>Where the server puts each mail it accepts.</summary>
    public string NewMailFolder => Path.Combine(MailDir, "new");

    /// <summary>A loopback port nobody listens on at this moment.</summary>
    public static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        return port;
    }

    /// <summary>Waits for the first mail file in <see cref="NewMailFolder"/>.</summary>
    public string WaitForSingleMail()
    {
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (DateTime.UtcNow < deadline)
        {
            if (Directory.Exists(NewMailFolder) && Directory.GetFiles(NewMailFolder) is { Length: > 0 } files)
            {
                return files.ShouldHaveSingleItem();
            }

            Thread.Sleep(50);
        }

        throw new InvalidOperationException($"No mail arrived in {NewMailFolder}. Server output:\n{Output}");
    }

    /// <summary>What the server printed.</summary>
    public string Output
    {
        get
        {
            lock (_output)
            {
                return _output.ToString();
            }
        }
    }

    public void Dispose()
    {
        try
        {
            if (!_process.HasExited)
            {
                _process.Kill(entireProcessTree: true);
                _process.WaitForExit(10_000);
            }
        }
        finally
        {
            _process.Dispose();
            try
            {
                Directory.Delete(MailDir, recursive: true);
            }
            catch (IOException)
            {
            }
        }
    }

    private static void CheckAiosmtpd()
    {
        if (!File.Exists(Python))
        {
            throw new InvalidOperationException($"{Python} is missing, so the SMTP test server aiosmtpd cannot run. {InstallHint}");
        }

        using var check = Process.Start(new ProcessStartInfo(Python, ["-c", "import aiosmtpd"])
        {
            RedirectStandardError = true,
            RedirectStandardOutput = true,
            UseShellExecute = false,
        }) ?? throw new InvalidOperationException("Could not start " + Python);
        var error = check.StandardError.ReadToEnd();
        check.StandardOutput.ReadToEnd();
        check.WaitForExit();
        if (check.ExitCode != 0)
        {
            throw new InvalidOperationException(
                $"The SMTP test server needs the Python module aiosmtpd, which {Python} cannot import ({error.Trim()}). {InstallHint}");
        }
    }

    private void WaitUntilListening()
    {
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (DateTime.UtcNow < deadline)
        {
            if (_process.HasExited)
            {
                _process.WaitForExit();
                throw new InvalidOperationException($"aiosmtpd exited with code {_process.ExitCode} before listening on port {Port}:\n{Output}");
            }

            try
            {
                using var client = new TcpClient();
                client.Connect(IPAddress.Loopback, Port);
                return;
            }
            catch (SocketException)
            {
                Thread.Sleep(100);
            }
        }

        Dispose();
        throw new InvalidOperationException($"aiosmtpd did not listen on port {Port} within 30 seconds:\n{Output}");
    }

    private void Append(string? line)
    {
        if (line is null)
        {
            return;
        }

        lock (_output)
        {
            _output.AppendLine(line);
        }
    }
}
