package org.fieldgate.gateway.broker;

import io.moquette.broker.security.IAuthenticator;
import java.util.Objects;
import org.fieldgate.gateway.broker.auth.PasswordFile;

/**
 * Checks the credentials of a CONNECT that carries a user name (Moquette asks only then; without
 * a password file anonymous clients are let in, which the broker allows on loopback only). The
 * gateway's own client id is refused whatever the credentials.
 */
final class ClientAuthenticator implements IAuthenticator {

    private final String reservedClientId;
    private final PasswordFile users;

    /** @param users the password file, or null for none (any user name and password pass) */
    ClientAuthenticator(String reservedClientId, PasswordFile users) {
        this.reservedClientId = Objects.requireNonNull(reservedClientId, "reservedClientId");
        this.users = users;
    }

    @Override
    public boolean checkValid(String clientId, String username, byte[] password) {
        if (reservedClientId.equals(clientId)) {
            return false;
        }
        return users == null || users.matches(username, password);
    }
}
