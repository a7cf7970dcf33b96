using AuthActors.Protocol.Infrastructure;

namespace AuthActors.Protocol.Tests.TestSupport;

/// <summary>
/// A random source that hands out 0, 1, 2, ... 255, 0, ... across calls, so every generated value is
/// reproducible and two consecutive values differ.
/// </summary>
public sealed class CounterRandomSource : IRandomSource
{
    private byte _next;

    public int Calls { get; private set; }

    public void Fill(Span<byte> buffer)
    {
        Calls++;
        for (var i = 0; i < buffer.Length; i++)
        {
            buffer[i] = _next++;
        }
    }
}

/// <summary>A random source that fills every buffer with the same byte.</summary>
public sealed class FixedByteRandomSource(byte value) : IRandomSource
{
    public void Fill(Span<byte> buffer) => buffer.Fill(value);
}
