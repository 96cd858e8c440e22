package io.periscope.demo.cluster;

import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import java.io.StringWriter;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Date;
import java.util.Map;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.openssl.jcajce.JcaPEMWriter;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/**
 * The shop Ingress's TLS Secret, a real {@code kubernetes.io/tls} Secret made when the demo starts:
 * a leaf for shop.example.com signed by a made-up issuing CA, due to expire in 12 days (its renewal
 * is late), so a TLS Secret's Summary has something to warn about.
 */
final class DemoCertificates {
  static final Duration LEFT = Duration.ofDays(12).plusHours(6);

  private DemoCertificates() {}

  static Secret shopTls(Instant now) {
    try {
      KeyPair caKeys = keys();
      KeyPair leafKeys = keys();
      // Encoded as real CAs are (organisation, then common name): RFC 2253 prints it "CN=…,O=…".
      X500Name ca = new X500Name("O=Example Corp,CN=Example Issuing CA R1");
      var caCert = new JcaX509v3CertificateBuilder(ca, BigInteger.ONE, Date.from(now.minus(Duration.ofDays(400))), Date.from(now.plus(Duration.ofDays(700))),
          ca, caKeys.getPublic()).addExtension(Extension.basicConstraints, true, new BasicConstraints(true))
          .build(new JcaContentSignerBuilder("SHA256withECDSA").build(caKeys.getPrivate()));
      var leaf = new JcaX509v3CertificateBuilder(ca, BigInteger.valueOf(0x5eed), Date.from(now.minus(Duration.ofDays(78))), Date.from(now.plus(LEFT)),
          new X500Name("CN=shop.example.com"), leafKeys.getPublic())
          .addExtension(Extension.subjectAlternativeName, false, new GeneralNames(new GeneralName[] {
              new GeneralName(GeneralName.dNSName, "shop.example.com"), new GeneralName(GeneralName.dNSName, "www.shop.example.com")}))
          .build(new JcaContentSignerBuilder("SHA256withECDSA").build(caKeys.getPrivate()));
      var b64 = Base64.getEncoder();
      return new SecretBuilder()
          .withMetadata(Workloads.meta("checkout", "shop-example-com-tls", Map.of("app.kubernetes.io/name", "checkout-web"), now.minus(Duration.ofDays(78))))
          .withType("kubernetes.io/tls")
          .withData(Map.of("tls.crt", b64.encodeToString((pem(leaf) + pem(caCert)).getBytes(StandardCharsets.US_ASCII)),
              "tls.key", b64.encodeToString(pem(leafKeys.getPrivate()).getBytes(StandardCharsets.US_ASCII))))
          .build();
    } catch (GeneralSecurityException | OperatorCreationException | java.io.IOException e) {
      throw new IllegalStateException("making the demo's TLS certificate", e);
    }
  }

  private static KeyPair keys() throws GeneralSecurityException {
    var generator = KeyPairGenerator.getInstance("EC");
    generator.initialize(256);
    return generator.generateKeyPair();
  }

  private static String pem(Object object) throws java.io.IOException {
    var out = new StringWriter();
    try (var writer = new JcaPEMWriter(out)) {
      writer.writeObject(object instanceof X509CertificateHolder h ? new org.bouncycastle.cert.jcajce.JcaX509CertificateConverter().getCertificate(h) : object);
    } catch (java.security.cert.CertificateException e) {
      throw new java.io.IOException(e);
    }
    return out.toString();
  }
}
