package io.periscope.agent.ca;

import java.io.IOException;
import java.security.PublicKey;
import java.security.interfaces.ECPublicKey;
import java.security.interfaces.RSAPublicKey;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentVerifierProviderBuilder;
import org.bouncycastle.pkcs.PKCSException;
import org.bouncycastle.pkcs.jcajce.JcaPKCS10CertificationRequest;

/** Checks a PKCS#10 request: well-formed, self-signed by its key, and the key strong enough. */
public final class Csrs {
  private Csrs() {}

  /** @return the requested public key; the subject is ignored (the token names the cluster) */
  public static PublicKey verifiedKey(byte[] der) {
    try {
      JcaPKCS10CertificationRequest csr = new JcaPKCS10CertificationRequest(der);
      PublicKey key = csr.getPublicKey();
      if (!csr.isSignatureValid(new JcaContentVerifierProviderBuilder().build(key))) {
        throw new IllegalArgumentException("the CSR signature does not match its public key");
      }
      boolean strong = switch (key) {
        case ECPublicKey ec -> ec.getParams().getCurve().getField().getFieldSize() >= 256;
        case RSAPublicKey rsa -> rsa.getModulus().bitLength() >= 2048;
        default -> false;
      };
      if (!strong) {
        throw new IllegalArgumentException("the CSR key must be EC P-256 or stronger, or RSA 2048 or stronger");
      }
      return key;
    } catch (IOException | RuntimeException | OperatorCreationException | PKCSException | java.security.GeneralSecurityException e) {
      if (e instanceof IllegalArgumentException iae && iae.getMessage() != null && iae.getMessage().startsWith("the CSR")) {
        throw iae;
      }
      // The parser's own words name its classes (and reach the agent and the audit log): say what it is not.
      throw new IllegalArgumentException("not a valid PKCS#10 certificate signing request (DER)", e);
    }
  }
}
