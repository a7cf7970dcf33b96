using System.Net;
using System.Net.Sockets;
using System.Text;

namespace AuthActors.Web.Tests.Support;

/// <summary>
/// HTTP/1.1 over a bare socket, for requests HttpClient will not send: a body shorter than its Content-Length,
/// a stalled upload, a 40 MB declaration. Answers the status code and the raw response (or what arrived).
/// </summary>
public static class RawHttp
{
    public static async Task<(int Status, string Response)> SendAsync(int port, string head, byte[] body, bool closeSending = false, TimeSpan? wait = null)
    {
        using var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        await socket.ConnectAsync(new IPEndPoint(IPAddress.Loopback, port));
        await socket.SendAsync(Encoding.ASCII.GetBytes(head.ReplaceLineEndings("\r\n") + "\r\n"));
        if (body.Length > 0)
        {
            await socket.SendAsync(body);
        }

        if (closeSending)
        {
            socket.Shutdown(SocketShutdown.Send);
        }

        using var timeout = new CancellationTokenSource(wait ?? TimeSpan.FromSeconds(20));
        var received = new MemoryStream();
        var buffer = new byte[8192];
        try
        {
            while (!Complete(received))
            {
                var read = await socket.ReceiveAsync(buffer, SocketFlags.None, timeout.Token);
                if (read == 0)
                {
                    break;
                }

                received.Write(buffer, 0, read);
            }
        }
        catch (Exception e) when (e is SocketException or OperationCanceledException)
        {
        }

        var text = Encoding.UTF8.GetString(received.ToArray());
        var status = text.StartsWith("HTTP/1.1 ", StringComparison.Ordinal) ? int.Parse(text.AsSpan(9, 3), provider: System.Globalization.CultureInfo.InvariantCulture) : 0;
        return (status, text);
    }

    /// <summary>True once the head and a Content-Length body have arrived.</summary>
    private static bool Complete(MemoryStream received)
    {
        var text = Encoding.UTF8.GetString(received.ToArray());
        var end = text.IndexOf("\r\n\r\n", StringComparison.Ordinal);
        if (end < 0)
        {
            return false;
        }

        var length = text[..end].Split("\r\n").FirstOrDefault(l => l.StartsWith("Content-Length:", StringComparison.OrdinalIgnoreCase));
        return length is not null && Encoding.UTF8.GetByteCount(text[(end + 4)..]) >= int.Parse(length["Content-Length:".Length..].Trim(), System.Globalization.CultureInfo.InvariantCulture);
    }
}
