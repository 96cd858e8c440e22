package io.periscope.tls;

import java.io.StringWriter;
import java.math.BigInteger;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.time.Instant;
import java.util.Date;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.openssl.jcajce.JcaPEMWriter;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/** Real X.509 certificates for tests: a CA and a leaf it signs, valid between the instants given. */
public final class TestCertificates {
  private TestCertificates() {}

  public record Issued(String pem, KeyPair keys, X500Name name) {}

  public static Issued ca(String cn, Instant from, Instant to) throws Exception {
    KeyPair keys = keys();
    X500Name name = new X500Name("CN=" + cn);
    var builder = new JcaX509v3CertificateBuilder(name, BigInteger.valueOf(1), Date.from(from), Date.from(to), name, keys.getPublic())
        .addExtension(Extension.basicConstraints, true, new BasicConstraints(true));
    return new Issued(pem(builder.build(new JcaContentSignerBuilder("SHA256withECDSA").build(keys.getPrivate()))), keys, name);
  }

  /** A leaf for {@code dns} names signed by {@code ca}; its PEM followed by the CA's, as a tls.crt bundle holds them. */
  public static String leafBundle(Issued ca, Instant from, Instant to, String... dns) throws Exception {
    KeyPair keys = keys();
    GeneralName[] names = java.util.Arrays.stream(dns).map(d -> new GeneralName(GeneralName.dNSName, d)).toArray(GeneralName[]::new);
    var builder = new JcaX509v3CertificateBuilder(ca.name(), BigInteger.valueOf(0x2a), Date.from(from), Date.from(to), new X500Name("CN=" + dns[0]),
        keys.getPublic()).addExtension(Extension.subjectAlternativeName, false, new GeneralNames(names));
    return pem(builder.build(new JcaContentSignerBuilder("SHA256withECDSA").build(ca.keys().getPrivate()))) + ca.pem();
  }

  private static KeyPair keys() throws Exception {
    var generator = KeyPairGenerator.getInstance("EC");
    generator.initialize(256);
    return generator.generateKeyPair();
  }

  private static String pem(org.bouncycastle.cert.X509CertificateHolder holder) throws Exception {
    var out = new StringWriter();
    try (var writer = new JcaPEMWriter(out)) {
      writer.writeObject(new JcaX509CertificateConverter().getCertificate(holder));
    }
    return out.toString();
  }
}
