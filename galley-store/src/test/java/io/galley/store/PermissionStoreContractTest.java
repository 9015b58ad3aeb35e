package io.galley.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.galley.core.AlreadyExistsException;
import io.galley.core.InvalidRequestException;
import io.galley.core.NotFoundException;
import io.galley.core.access.Grant;
import io.galley.core.access.Grantee;
import io.galley.core.access.NewUser;
import io.galley.core.access.Permission;
import io.galley.core.access.PermissionStore;
import io.galley.core.access.RepositoryGrant;
import io.galley.core.access.RepositoryPattern;
import io.galley.core.access.Resource;
import io.galley.core.access.RunAccess;
import io.galley.core.access.User;
import io.galley.core.access.Viewer;
import io.galley.core.registry.RegisteredModel;
import io.galley.core.registry.RegistrySearch;
import io.galley.core.search.SearchFilter;
import io.galley.core.tracking.Experiment;
import io.galley.core.tracking.ExperimentQuery;
import io.galley.core.tracking.NewRun;
import io.galley.core.tracking.Page;
import io.galley.core.tracking.Run;
import io.galley.core.tracking.ViewType;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Grants, groups and defaults, the same on both stores: a user's own grant decides, else their
 * groups' best; searches with a viewer return only what the viewer may read, in full pages.
 */
abstract class PermissionStoreContractTest {
  @TempDir Path tempDir;
  private JdbcStore jdbc;
  private PermissionStore permissions;

  abstract StoreConfig database(Path tempDir);

  @BeforeEach
  void open() {
    jdbc = JdbcStore.open(database(tempDir));
    permissions = jdbc.permissions();
  }

  @AfterEach
  void close() {
    if (jdbc != null) {
      jdbc.close();
    }
  }

  private static String unique(String name) {
    return name + "-" + UUID.randomUUID().toString().substring(0, 8);
  }

  private User user(String name) {
    return jdbc.identities().createUser(new NewUser(unique(name), "$argon2id$h", false));
  }

  private String experiment(String name) {
    return jdbc.tracking().createExperiment(unique(name), null, List.of()).experimentId();
  }

  @Test
  void aUsersOwnGrantWinsOverTheirGroupsWhoseBestWinsOverNothing() {
    User ada = user("ada");
    String exp = experiment("e");
    Resource e = Resource.experiment(exp);
    assertThat(permissions.granted(ada.id(), e)).isEmpty();

    String team = unique("team");
    String other = unique("other");
    permissions.createGroup(team);
    permissions.createGroup(other);
    permissions.addMember(team, ada.name());
    permissions.addMember(team, ada.name()); // twice is once
    permissions.addMember(other, ada.name());
    permissions.createGrant(e, Grantee.group(team), Permission.READ);
    permissions.createGrant(e, Grantee.group(other), Permission.EDIT);
    assertThat(permissions.granted(ada.id(), e)).contains(Permission.EDIT);

    permissions.createGrant(e, Grantee.user(ada.name()), Permission.NO_PERMISSIONS);
    assertThat(permissions.granted(ada.id(), e)).contains(Permission.NO_PERMISSIONS);
    permissions.updateGrant(e, Grantee.user(ada.name()), Permission.MANAGE);
    assertThat(permissions.findGrant(e, Grantee.user(ada.name())))
        .get()
        .extracting(Grant::permission)
        .isEqualTo(Permission.MANAGE);

    permissions.deleteGrant(e, Grantee.user(ada.name()));
    assertThat(permissions.removeMember(other, ada.name())).isTrue();
    assertThat(permissions.removeMember(other, ada.name())).isFalse();
    assertThat(permissions.granted(ada.id(), e)).contains(Permission.READ);
    permissions.deleteGroup(team);
    assertThat(permissions.granted(ada.id(), e)).isEmpty();
    assertThat(permissions.groups()).extracting(g -> g.name()).doesNotContain(team);
  }

  @Test
  void grantsAreRefusedTwiceAndForWhatDoesNotExist() {
    User ada = user("ada");
    Resource e = Resource.experiment(experiment("e"));
    permissions.createGrant(e, Grantee.user(ada.name()), Permission.READ);
    assertThatThrownBy(() -> permissions.createGrant(e, Grantee.user(ada.name()), Permission.EDIT))
        .isInstanceOf(AlreadyExistsException.class);
    assertThatThrownBy(
            () ->
                permissions.createGrant(
                    Resource.experiment("987654"), Grantee.user(ada.name()), Permission.READ))
        .isInstanceOf(NotFoundException.class)
        .hasMessageContaining("987654");
    assertThatThrownBy(
            () ->
                permissions.createGrant(
                    Resource.experiment("x'; --"), Grantee.user(ada.name()), Permission.READ))
        .isInstanceOf(NotFoundException.class);
    assertThatThrownBy(() -> permissions.createGrant(e, Grantee.user("nobody"), Permission.READ))
        .isInstanceOf(NotFoundException.class)
        .hasMessageContaining("nobody");
    assertThatThrownBy(() -> permissions.updateGrant(e, Grantee.group("nogroup"), Permission.READ))
        .isInstanceOf(NotFoundException.class);
    assertThatThrownBy(() -> permissions.deleteGrant(e, Grantee.user(user("bo").name())))
        .isInstanceOf(NotFoundException.class);
    assertThatThrownBy(() -> permissions.createGroup("bad name"))
        .isInstanceOf(InvalidRequestException.class);
    String g = unique("g");
    permissions.createGroup(g);
    assertThatThrownBy(() -> permissions.createGroup(g)).isInstanceOf(AlreadyExistsException.class);
    assertThat(permissions.granted(ada.id(), Resource.experiment("not-a-number"))).isEmpty();
  }

  @Test
  void aModelsGrantsFollowItsRenameAndGoWithIt() {
    User ada = user("ada");
    String name = unique("m");
    jdbc.modelRegistry().createRegisteredModel(name, List.of(), null);
    permissions.createGrant(
        Resource.registeredModel(name), Grantee.user(ada.name()), Permission.EDIT);
    String renamed = name + "-renamed";
    jdbc.modelRegistry().renameRegisteredModel(name, renamed);
    assertThat(permissions.granted(ada.id(), Resource.registeredModel(renamed)))
        .contains(Permission.EDIT);
    assertThat(permissions.grantsOf(Grantee.user(ada.name())))
        .extracting(Grant::resource)
        .containsExactly(Resource.registeredModel(renamed));
    jdbc.modelRegistry().deleteRegisteredModel(renamed);
    assertThat(permissions.grantsOf(Grantee.user(ada.name()))).isEmpty();
    jdbc.modelRegistry().createRegisteredModel(renamed, List.of(), null);
    assertThat(permissions.granted(ada.id(), Resource.registeredModel(renamed))).isEmpty();
  }

  @Test
  void aRunsAccessNamesItsExperimentAndTheGrantInOneLookup() {
    User ada = user("ada");
    String exp = experiment("e");
    Run run = jdbc.tracking().createRun(new NewRun(exp, "ada", "r", 1L, List.of()));
    String runId = run.info().runId();
    assertThat(permissions.runAccess(ada.id(), runId)).contains(new RunAccess(exp, null));
    permissions.createGrant(Resource.experiment(exp), Grantee.user(ada.name()), Permission.EDIT);
    assertThat(permissions.runAccess(ada.id(), runId))
        .contains(new RunAccess(exp, Permission.EDIT));
    assertThat(permissions.runAccess(ada.id(), "0123456789abcdef0123456789abcdef")).isEmpty();
  }

  @Test
  void deletingAUserDropsTheirGrantsAndMemberships() {
    User ada = user("ada");
    Resource e = Resource.experiment(experiment("e"));
    String team = unique("team");
    permissions.createGroup(team);
    permissions.addMember(team, ada.name());
    permissions.createGrant(e, Grantee.user(ada.name()), Permission.EDIT);
    permissions.setDefaultPermission(ada.name(), Permission.NO_PERMISSIONS);
    assertThat(jdbc.identities().findUser(ada.name()).orElseThrow().defaultPermission())
        .isEqualTo(Permission.NO_PERMISSIONS);
    jdbc.identities().deleteUser(ada.name());
    User again = jdbc.identities().createUser(new NewUser(ada.name(), "$argon2id$h", false));
    assertThat(again.defaultPermission()).isNull();
    assertThat(permissions.grantsOf(Grantee.user(ada.name()))).isEmpty();
    assertThat(permissions.groups())
        .filteredOn(g -> g.name().equals(team))
        .singleElement()
        .satisfies(g -> assertThat(g.members()).isEmpty());
  }

  /**
   * 1,000 experiments of which the viewer may read 10 (granted READ one by one, with the default
   * NO_PERMISSIONS), plus 5 they were denied while the default is READ: pages of 3 walk exactly the
   * readable ones, each page full but the last.
   */
  @Test
  void experimentSearchesReturnOnlyWhatTheViewerMayReadInFullPages() {
    User ada = user("ada");
    String prefix = unique("many");
    List<String> readable = new ArrayList<>();
    List<String> denied = new ArrayList<>();
    for (int i = 0; i < 1000; i++) {
      String id =
          jdbc.tracking().createExperiment(prefix + "-" + i, null, List.of()).experimentId();
      if (i % 100 == 7) {
        readable.add(id);
        permissions.createGrant(Resource.experiment(id), Grantee.user(ada.name()), Permission.READ);
      } else if (i % 200 == 3) {
        denied.add(id);
        permissions.createGrant(
            Resource.experiment(id), Grantee.user(ada.name()), Permission.NO_PERMISSIONS);
      }
    }
    SearchFilter ours =
        io.galley.core.search.FilterParser.parse(
            "name LIKE '" + prefix + "-%'", io.galley.core.search.SearchTarget.EXPERIMENTS);
    List<String> seen = new ArrayList<>();
    String token = null;
    int pages = 0;
    do {
      Page<Experiment> page =
          jdbc.tracking()
              .searchExperiments(
                  new ExperimentQuery(ours, ViewType.ACTIVE_ONLY, 3, List.of(), token)
                      .readBy(new Viewer(ada.id(), false)));
      if (page.nextPageToken() != null) {
        assertThat(page.items()).hasSize(3);
      }
      page.items().forEach(x -> seen.add(x.experimentId()));
      token = page.nextPageToken();
      pages++;
    } while (token != null && pages < 100);
    assertThat(seen).containsExactlyInAnyOrderElementsOf(readable);
    assertThat(pages).isEqualTo(4);

    Page<Experiment> byDefault =
        jdbc.tracking()
            .searchExperiments(
                new ExperimentQuery(ours, ViewType.ACTIVE_ONLY, 2000, List.of(), null)
                    .readBy(new Viewer(ada.id(), true)));
    assertThat(byDefault.items()).hasSize(1000 - denied.size());
    assertThat(byDefault.items())
        .extracting(Experiment::experimentId)
        .doesNotContainAnyElementsOf(denied);
  }

  @Test
  void modelAndVersionSearchesReturnOnlyWhatTheViewerMayRead() {
    User ada = user("ada");
    String team = unique("team");
    permissions.createGroup(team);
    permissions.addMember(team, ada.name());
    String prefix = unique("m");
    List<String> readable = new ArrayList<>();
    for (int i = 0; i < 20; i++) {
      String name = prefix + "-" + i;
      jdbc.modelRegistry().createRegisteredModel(name, List.of(), null);
      if (i % 5 == 0) {
        readable.add(name);
        permissions.createGrant(
            Resource.registeredModel(name), Grantee.group(team), Permission.READ);
      }
    }
    Page<RegisteredModel> page =
        jdbc.modelRegistry()
            .searchRegisteredModels(
                new RegistrySearch("name LIKE '" + prefix + "-%'", List.of(), 100, null)
                    .readBy(new Viewer(ada.id(), false)));
    assertThat(page.items())
        .extracting(RegisteredModel::name)
        .containsExactlyInAnyOrderElementsOf(readable);
    assertThat(
            jdbc.modelRegistry()
                .searchModelVersions(
                    new RegistrySearch("name LIKE '" + prefix + "-%'", List.of(), 100, null)
                        .readBy(new Viewer(ada.id(), false)))
                .items())
        .isEmpty();
  }

  @Test
  void repositoryGrantsApplyToTheUserTheirGroupsAndAnyone() {
    User ada = user("ada");
    User bo = user("bo");
    String team = unique("team");
    permissions.createGroup(team);
    permissions.addMember(team, ada.name());
    RepositoryPattern mine = new RepositoryPattern(ada.name() + "/**");
    RepositoryPattern teams = new RepositoryPattern(team + "/*");
    RepositoryPattern open = new RepositoryPattern("public-" + team + "/*");
    permissions.createRepositoryGrant(mine, Grantee.user(ada.name()), Permission.MANAGE);
    permissions.createRepositoryGrant(teams, Grantee.group(team), Permission.EDIT);
    permissions.createRepositoryGrant(open, Grantee.anyone(), Permission.READ);
    assertThatThrownBy(
            () ->
                permissions.createRepositoryGrant(mine, Grantee.user(ada.name()), Permission.READ))
        .isInstanceOf(AlreadyExistsException.class);
    assertThatThrownBy(
            () ->
                permissions.createGrant(
                    Resource.experiment(experiment("e")), Grantee.anyone(), Permission.READ))
        .isInstanceOf(InvalidRequestException.class);

    assertThat(permissions.repositoryGrantsFor(ada.id()))
        .extracting(RepositoryGrant::pattern)
        .contains(mine, teams, open);
    assertThat(permissions.repositoryGrantsFor(bo.id()))
        .extracting(RepositoryGrant::pattern)
        .contains(open)
        .doesNotContain(mine, teams);
    assertThat(permissions.publicRepositoryGrants())
        .extracting(RepositoryGrant::pattern)
        .contains(open)
        .doesNotContain(mine);
    assertThat(permissions.repositoryGrants())
        .filteredOn(g -> g.pattern().equals(teams))
        .singleElement()
        .satisfies(g -> assertThat(g.grantee()).isEqualTo(Grantee.group(team)));

    permissions.deleteRepositoryGrant(mine, Grantee.user(ada.name()));
    assertThatThrownBy(() -> permissions.deleteRepositoryGrant(mine, Grantee.user(ada.name())))
        .isInstanceOf(NotFoundException.class);
    permissions.deleteGroup(team);
    assertThat(permissions.repositoryGrantsFor(ada.id()))
        .extracting(RepositoryGrant::pattern)
        .doesNotContain(mine, teams);
  }

  @Test
  void aSigningKeyIsMadeOnceAndThenKept() {
    String name = unique("key");
    String first = permissions.signingKey(name, () -> "first");
    String second = permissions.signingKey(name, () -> "second");
    assertThat(first).isEqualTo("first");
    assertThat(second).isEqualTo("first");
  }
}
