using AuthActors.Protocol.Infrastructure;
using AuthActors.Protocol.Tests.TestSupport;

namespace AuthActors.Protocol.Tests.Infrastructure;

/// <summary><see cref="RandomTokens.Alphanumeric"/>: the OAuth 1 nonce alphabet, unbiased.</summary>
public sealed class RandomTokensAlphanumericTests
{
    [Theory]
    [InlineData(1)]
    [InlineData(20)]
    [InlineData(24)]
    [InlineData(30)]
    [InlineData(300)]
    public void Gives_exactly_the_length_asked_for_and_only_A_to_Z_a_to_z_0_to_9(int length)
    {
        for (var i = 0; i < 200; i++)
        {
            var token = RandomTokens.Alphanumeric(CryptoRandomSource.Instance, length);
            Assert.Equal(length, token.Length);
            Assert.All(token, c => Assert.True(char.IsAsciiLetterOrDigit(c), $"'{c}' in {token}"));
        }
    }

    [Fact]
    public void Is_deterministic_for_a_fixed_source()
    {
        Assert.Equal("ABCDEFGHIJKLMNOPQRSTUVWX", RandomTokens.Alphanumeric(new CounterRandomSource(), 24));
        Assert.Equal(RandomTokens.Alphanumeric(new CounterRandomSource(), 100), RandomTokens.Alphanumeric(new CounterRandomSource(), 100));
        Assert.Equal(new string('B', 30), RandomTokens.Alphanumeric(new FixedByteRandomSource(63), 30)); // 63 % 62 = 1
    }

    [Fact]
    public void Bytes_248_to_255_are_rejected_and_the_rest_map_by_modulo_62()
    {
        var source = new ScriptedRandomSource([248, 255, 0, 250, 61, 62, 247, 123, 124]);
        Assert.Equal("A9A9", RandomTokens.Alphanumeric(source, 4)); // 0→A, 61→9, 62→A, 247→9; 248..255 skipped
    }

    [Fact]
    public void Every_accepted_byte_value_gives_each_character_exactly_four_times()
    {
        // The counter hands out 0..255 then wraps: the first 248 accepted bytes are 0..247, each once.
        var token = RandomTokens.Alphanumeric(new CounterRandomSource(), 248);
        Assert.All(token.GroupBy(c => c), g => Assert.Equal(4, g.Count()));
        Assert.Equal(62, token.Distinct().Count());
    }

    [Fact]
    public void A_source_that_only_returns_rejected_bytes_is_an_error_not_a_hang()
    {
        Assert.Throws<InvalidOperationException>(() => RandomTokens.Alphanumeric(new FixedByteRandomSource(0xFF), 24));
        Assert.Throws<ArgumentOutOfRangeException>(() => RandomTokens.Alphanumeric(CryptoRandomSource.Instance, 0));
    }

    [Fact]
    public void Character_frequencies_show_no_bias_a_chi_squared_test_can_see()
    {
        // 62 × 4000 characters. A naive `byte % 62` would give A..H 5/256 instead of 4/256 (+25%), a chi-squared
        // statistic in the thousands. Unbiased output has 61 degrees of freedom: mean 61, sd 11; P(> 130) < 1e-6.
        const int perCharacter = 4000;
        var counts = new Dictionary<char, int>();
        for (var i = 0; i < perCharacter; i++)
        {
            foreach (var c in RandomTokens.Alphanumeric(CryptoRandomSource.Instance, 62))
            {
                counts[c] = counts.GetValueOrDefault(c) + 1;
            }
        }

        Assert.Equal(62, counts.Count);
        var chiSquared = counts.Values.Sum(n => (n - perCharacter) * (double)(n - perCharacter) / perCharacter);
        Assert.True(chiSquared < 130, $"chi-squared {chiSquared:F1} over 61 degrees of freedom");
    }

    /// <summary>Hands out a fixed byte sequence, cycling.</summary>
    private sealed class ScriptedRandomSource(byte[] script) : IRandomSource
    {
        private int _next;

        public void Fill(Span<byte> buffer)
        {
            for (var i = 0; i < buffer.Length; i++)
            {
                buffer[i] = script[_next++ % script.Length];
            }
        }
    }
}
