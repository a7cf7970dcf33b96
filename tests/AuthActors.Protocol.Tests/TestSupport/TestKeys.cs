using System.Security.Cryptography;

namespace AuthActors.Protocol.Tests.TestSupport;

/// <summary>Published keys used by signature test vectors.</summary>
public static class TestKeys
{
    /// <summary>
    /// The RSA private key of the RSA-SHA1 case of the OAuth test cases (http://wiki.oauth.net/TestCases,
    /// section 9.3, "RSA-SHA1"), as reproduced in x42/liboauth tests/selftest_wiki.c and in the Ruby oauth
    /// gem's RSA-SHA1 tests. Public test material: never use it for anything else.
    /// </summary>
    public const string OAuthTestCasesRsaPrivateKey = """
        -----BEGIN PRIVATE KEY-----
        MIICdgIBADANBgkqhkiG9w0BAQEFAASCAmAwggJcAgEAAoGBALRiMLAh9iimur8V
        A7qVvdqxevEuUkW4K+2KdMXmnQbG9Aa7k7eBjK1S+0LYmVjPKlJGNXHDGuy5Fw/d
        7rjVJ0BLB+ubPK8iA/Tw3hLQgXMRRGRXXCn8ikfuQfjUS1uZSatdLB81mydBETlJ
        hI6GH4twrbDJCR2Bwy/XWXgqgGRzAgMBAAECgYBYWVtleUzavkbrPjy0T5FMou8H
        X9u2AC2ry8vD/l7cqedtwMPp9k7TubgNFo+NGvKsl2ynyprOZR1xjQ7WgrgVB+mm
        uScOM/5HVceFuGRDhYTCObE+y1kxRloNYXnx3ei1zbeYLPCHdhxRYW7T0qcynNmw
        rn05/KO2RLjgQNalsQJBANeA3Q4Nugqy4QBUCEC09SqylT2K9FrrItqL2QKc9v0Z
        zO2uwllCbg0dwpVuYPYXYvikNHHg+aCWF+VXsb9rpPsCQQDWR9TT4ORdzoj+Nccn
        qkMsDmzt0EfNaAOwHOmVJ2RVBspPcxt5iN4HI7HNeG6U5YsFBb+/GZbgfBT3kpNG
        WPTpAkBI+gFhjfJvRw38n3g/+UeAkwMI2TJQS4n8+hid0uus3/zOjDySH3XHCUno
        cn1xOJAyZODBo47E+67R4jV1/gzbAkEAklJaspRPXP877NssM5nAZMU0/O/NGCZ+
        3jPgDUno6WbJn5cqm8MqWhW1xGkImgRk+fkDBquiq4gPiT898jusgQJAd5Zrr6Q8
        AO/0isr/3aa6O6NLQxISLKcPDk2NOccAfS/xOtfOz4sJYM3+Bs4Io9+dZGSDCA54
        Lw03eHTNQghS0A==
        -----END PRIVATE KEY-----
        """;

    public static RSA OAuthTestCasesRsa()
    {
        var rsa = RSA.Create();
        rsa.ImportFromPem(OAuthTestCasesRsaPrivateKey);
        return rsa;
    }

    /// <summary>The public half only, as a server that verifies would hold it.</summary>
    public static RSA PublicOnly(RSA key)
    {
        var rsa = RSA.Create();
        rsa.ImportParameters(key.ExportParameters(includePrivateParameters: false));
        return rsa;
    }
}
