package dev.andon.catalog;

import java.util.List;
import java.util.Optional;

/**
 * Storage of the catalog: users, teams, systems and services with their dependencies. Objects are
 * addressed by slug (username for users). Writes run in the caller's transaction; referential
 * problems (an unknown owner team, a dependency on a missing service) raise {@link CatalogException}.
 */
public interface CatalogRepository {
    List<User> users();
    Optional<User> user(String username);
    void saveUser(User user);
    boolean deleteUser(String username);

    List<Team> teams();
    Optional<Team> team(String slug);
    void saveTeam(Team team);
    boolean deleteTeam(String slug);

    List<CatalogSystem> systems();
    Optional<CatalogSystem> system(String slug);
    void saveSystem(CatalogSystem system);
    boolean deleteSystem(String slug);

    List<Service> services();
    Optional<Service> service(String slug);
    void saveService(Service service);
    boolean deleteService(String slug);

    /**
     * Serialises creations of one object until the caller's transaction ends, so two concurrent
     * creates of the same slug cannot both pass the "does it exist?" check.
     */
    void lockName(String objectType, String key);

    /** Everything at once, as one consistent snapshot. */
    default Catalog snapshot() {
        return new Catalog(users(), teams(), systems(), services());
    }
}
