using AuthActors.Protocol.Infrastructure;
using AuthActors.Protocol.Tests.TestSupport;

namespace AuthActors.Protocol.Tests.Infrastructure;

/// <summary><see cref="RandomTokens.TimeOrdered"/>: ids that sort by their millisecond and keep their random bits.</summary>
public sealed class RandomTokensTimeOrderedTests
{
    private static readonly DateTimeOffset Epoch = DateTimeOffset.UnixEpoch;

    [Fact]
    public void The_alphabet_is_base64url_in_ascending_ordinal_order()
    {
        var alphabet = RandomTokens.SortableAlphabet;
        Assert.Equal(64, alphabet.Distinct().Count());
        Assert.Equal(string.Concat(alphabet.Order()), alphabet); // char order is ordinal order
        Assert.Equal("-_", new string(alphabet.Where(c => !char.IsAsciiLetterOrDigit(c)).ToArray()));
    }

    [Theory]
    [InlineData(0L, "--------")]
    [InlineData(1L, "-------0")]
    [InlineData(63L, "-------z")]
    [InlineData(64L, "------0-")]
    [InlineData(1_796_342_400_000L, "-P7yLRF-")] // 2026-12-04T00:00:00Z, written out by a separate Python script
    public void The_first_eight_characters_are_the_unix_millisecond_in_base_64_of_the_sortable_alphabet(long millis, string expected)
    {
        var id = RandomTokens.TimeOrdered(new CounterRandomSource(), Epoch.AddMilliseconds(millis), 26);
        Assert.Equal(expected, id[..8]);
        Assert.Equal(millis, id[..8].Aggregate(0L, (n, c) => (n * 64) + RandomTokens.SortableAlphabet.IndexOf(c, StringComparison.Ordinal)));
    }

    [Fact]
    public void The_rest_is_the_random_bytes_in_base64url_so_a_fixed_clock_and_source_give_a_fixed_id()
    {
        var id = RandomTokens.TimeOrdered(new CounterRandomSource(), Epoch, 26);
        Assert.Equal("--------" + "AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBk", id); // bytes 0..25
        Assert.Equal(Enumerable.Range(0, 26).Select(i => (byte)i), Base64Url.TryDecode(id[8..]));
    }

    [Theory]
    [InlineData(1, 10)]
    [InlineData(24, 40)]
    [InlineData(26, 43)]
    [InlineData(32, 51)]
    public void It_is_eight_characters_plus_unpadded_base64url_within_the_base64url_alphabet(int byteCount, int length)
    {
        var id = RandomTokens.TimeOrdered(CryptoRandomSource.Instance, DateTimeOffset.UtcNow, byteCount);
        Assert.Equal(length, id.Length);
        Assert.All(id, c => Assert.Contains(c, RandomTokens.SortableAlphabet));
        Assert.Equal(byteCount, Base64Url.TryDecode(id[8..])!.Length);
    }

    [Fact]
    public void An_id_of_a_later_millisecond_sorts_after_one_of_an_earlier_one_whatever_their_random_parts()
    {
        var random = new Random(20261204);
        for (var i = 0; i < 5_000; i++)
        {
            var earlier = random.NextInt64(0, 253_402_300_799_998L); // up to the last millisecond of year 9999
            var later = i % 2 == 0 ? earlier + 1 : random.NextInt64(earlier + 1, 253_402_300_799_999L);
            var a = RandomTokens.TimeOrdered(CryptoRandomSource.Instance, Epoch.AddMilliseconds(earlier), 26);
            var b = RandomTokens.TimeOrdered(CryptoRandomSource.Instance, Epoch.AddMilliseconds(later), 26);
            Assert.True(string.CompareOrdinal(a, b) < 0, $"{earlier} ms gave {a}, {later} ms gave {b}");
        }
    }

    [Fact]
    public void Ids_of_one_millisecond_differ_in_their_random_part()
    {
        var now = DateTimeOffset.UtcNow;
        var ids = Enumerable.Range(0, 1_000).Select(_ => RandomTokens.TimeOrdered(CryptoRandomSource.Instance, now, 26)).ToList();
        Assert.Single(ids.Select(id => id[..8]).Distinct());
        Assert.Equal(1_000, ids.Distinct().Count());
    }

    [Fact]
    public void A_time_before_1970_counts_as_1970_and_bad_arguments_are_refused()
    {
        Assert.Equal("--------", RandomTokens.TimeOrdered(new CounterRandomSource(), new DateTimeOffset(1969, 12, 31, 0, 0, 0, TimeSpan.Zero), 26)[..8]);
        Assert.Throws<ArgumentOutOfRangeException>(() => RandomTokens.TimeOrdered(CryptoRandomSource.Instance, Epoch, 0));
        Assert.Throws<ArgumentOutOfRangeException>(() => RandomTokens.TimeOrdered(CryptoRandomSource.Instance, Epoch, 257));
        Assert.Throws<ArgumentNullException>(() => RandomTokens.TimeOrdered(null!, Epoch, 26));
    }
}
