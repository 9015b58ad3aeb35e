package io.galley.server.access;

import io.galley.core.InvalidRequestException;
import io.galley.core.access.Grant;
import io.galley.core.access.Grantee;
import io.galley.core.access.Group;
import io.galley.core.access.IdentityStore;
import io.galley.core.access.Permission;
import io.galley.core.access.PermissionStore;
import io.galley.core.access.RepositoryGrant;
import io.galley.core.access.RepositoryPattern;
import io.galley.core.access.Resource;
import io.galley.server.access.AccessRequests.Fields;
import io.galley.server.access.AccessRoutes.Call;
import io.galley.server.access.Authenticator.Principal;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import io.javalin.http.Handler;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * Who may do what with an experiment or a registered model, over MLflow's endpoints, so that
 * MLflow's {@code AuthServiceClient} works: {@code
 * experiments/permissions/create|get|update|delete} ({@code experiment_id}, {@code username},
 * {@code permission}) and {@code registered-models/permissions/create|get|update|delete} ({@code
 * name}, ...), answering {@code {"experiment_permission": {"experiment_id", "user_id",
 * "permission"}}} and {@code {"registered_model_permission": {"name", "user_id", "permission"}}}.
 * Galley's addition: {@code group_name} in place of {@code username} grants to a group (answered
 * with {@code group_id} and {@code group_name}). Granting takes MANAGE on the resource, or an
 * administrator.
 *
 * <p>Groups, under {@code /api/2.0/galley/groups/}: {@code create}, {@code delete}, {@code list},
 * {@code add-member}, {@code remove-member}; an administrator's. Image repositories, under {@code
 * /api/2.0/galley/repositories/permissions/}: {@code create} ({@code pattern}, {@code username},
 * {@code group_name} or {@code "anyone": true}, {@code permission}), {@code delete}, {@code list};
 * an administrator's too, since a pattern may cover anyone's repositories.
 */
final class PermissionRoutes {
  private final ResourcePermissions permissions;

  PermissionRoutes(ResourcePermissions permissions) {
    this.permissions = permissions;
  }

  /** A kind of resource as MLflow's endpoints name it and its JSON. */
  private record Kind(
      String path, String idField, String jsonName, Function<String, Resource> resource) {}

  private static final List<Kind> KINDS =
      List.of(
          new Kind("experiments", "experiment_id", "experiment_permission", Resource::experiment),
          new Kind(
              "registered-models",
              "name",
              "registered_model_permission",
              Resource::registeredModel));

  void mount(RoutesConfig routing, List<String> prefixes, Function<Call, Handler> guarded) {
    for (String prefix : prefixes) {
      for (Kind kind : KINDS) {
        String base = prefix + "/mlflow/" + kind.path() + "/permissions/";
        routing.post(base + "create", guarded.apply((c, i, p) -> create(c, p, kind)));
        routing.get(base + "get", guarded.apply((c, i, p) -> get(c, p, kind)));
        routing.patch(base + "update", guarded.apply((c, i, p) -> update(c, p, kind)));
        routing.delete(base + "delete", guarded.apply((c, i, p) -> delete(c, p, kind)));
      }
      String groups = prefix + "/galley/groups/";
      routing.post(groups + "create", guarded.apply(this::createGroup));
      routing.delete(groups + "delete", guarded.apply(this::deleteGroup));
      routing.get(groups + "list", guarded.apply(this::listGroups));
      routing.post(groups + "add-member", guarded.apply(this::addMember));
      routing.post(groups + "remove-member", guarded.apply(this::removeMember));
      String repositories = prefix + "/galley/repositories/permissions/";
      routing.post(repositories + "create", guarded.apply(this::grantRepositories));
      routing.delete(repositories + "delete", guarded.apply(this::revokeRepositories));
      routing.get(repositories + "list", guarded.apply(this::listRepositoryGrants));
    }
  }

  private Object create(Context ctx, Principal caller, Kind kind) {
    Fields in = AccessRequests.fields(ctx);
    Resource resource = managed(caller, kind, in);
    Grant grant =
        store().createGrant(resource, grantee(in), Permission.parse(in.required("permission")));
    return Map.of(kind.jsonName(), grantJson(grant));
  }

  private Object get(Context ctx, Principal caller, Kind kind) {
    Fields in = AccessRequests.fields(ctx);
    Resource resource = managed(caller, kind, in);
    Grantee grantee = grantee(in);
    Grant grant =
        store().findGrant(resource, grantee).orElseThrow(() -> noGrant(resource, grantee));
    return Map.of(kind.jsonName(), grantJson(grant));
  }

  private Object update(Context ctx, Principal caller, Kind kind) {
    Fields in = AccessRequests.fields(ctx);
    Resource resource = managed(caller, kind, in);
    store().updateGrant(resource, grantee(in), Permission.parse(in.required("permission")));
    return Map.of();
  }

  private Object delete(Context ctx, Principal caller, Kind kind) {
    Fields in = AccessRequests.fields(ctx);
    Resource resource = managed(caller, kind, in);
    store().deleteGrant(resource, grantee(in));
    return Map.of();
  }

  private Object createGroup(Context ctx, IdentityStore identities, Principal caller) {
    AccessRoutes.requireAdmin(caller);
    Group group = store().createGroup(AccessRequests.fields(ctx).required("group_name"));
    return Map.of("group", groupJson(group));
  }

  private Object deleteGroup(Context ctx, IdentityStore identities, Principal caller) {
    AccessRoutes.requireAdmin(caller);
    store().deleteGroup(AccessRequests.fields(ctx).required("group_name"));
    return Map.of();
  }

  private Object listGroups(Context ctx, IdentityStore identities, Principal caller) {
    AccessRoutes.requireAdmin(caller);
    return Map.of("groups", store().groups().stream().map(PermissionRoutes::groupJson).toList());
  }

  private Object addMember(Context ctx, IdentityStore identities, Principal caller) {
    AccessRoutes.requireAdmin(caller);
    Fields in = AccessRequests.fields(ctx);
    store().addMember(in.required("group_name"), in.required("username"));
    return Map.of();
  }

  private Object removeMember(Context ctx, IdentityStore identities, Principal caller) {
    AccessRoutes.requireAdmin(caller);
    Fields in = AccessRequests.fields(ctx);
    String group = in.required("group_name");
    String user = in.required("username");
    if (!store().removeMember(group, user)) {
      throw new io.galley.core.NotFoundException(
          "User '" + user + "' is not a member of group '" + group + "'.");
    }
    return Map.of();
  }

  private Object grantRepositories(Context ctx, IdentityStore identities, Principal caller) {
    AccessRoutes.requireAdmin(caller);
    Fields in = AccessRequests.fields(ctx);
    RepositoryGrant grant =
        store()
            .createRepositoryGrant(
                new RepositoryPattern(in.required("pattern")),
                repositoryGrantee(in),
                Permission.parse(in.required("permission")));
    return Map.of("repository_permission", repositoryGrantJson(grant));
  }

  private Object revokeRepositories(Context ctx, IdentityStore identities, Principal caller) {
    AccessRoutes.requireAdmin(caller);
    Fields in = AccessRequests.fields(ctx);
    store()
        .deleteRepositoryGrant(
            new RepositoryPattern(in.required("pattern")), repositoryGrantee(in));
    return Map.of();
  }

  private Object listRepositoryGrants(Context ctx, IdentityStore identities, Principal caller) {
    AccessRoutes.requireAdmin(caller);
    return Map.of(
        "repository_permissions",
        store().repositoryGrants().stream().map(PermissionRoutes::repositoryGrantJson).toList());
  }

  private static Grantee repositoryGrantee(Fields in) {
    return "true".equals(in.get("anyone")) ? Grantee.anyone() : grantee(in);
  }

  static Map<String, Object> repositoryGrantJson(RepositoryGrant grant) {
    Map<String, Object> json = new LinkedHashMap<>();
    json.put("pattern", grant.pattern().value());
    switch (grant.grantee().kind()) {
      case USER -> json.put("username", grant.grantee().name());
      case GROUP -> json.put("group_name", grant.grantee().name());
      case ANYONE -> json.put("anyone", true);
    }
    json.put("permission", grant.permission().name());
    return json;
  }

  /** The resource the request names, once the caller is found to manage it. */
  private Resource managed(Principal caller, Kind kind, Fields in) {
    Resource resource = kind.resource().apply(in.required(kind.idField()));
    permissions.require(caller, resource, Permission.MANAGE);
    return resource;
  }

  private static Grantee grantee(Fields in) {
    String user = in.get("username");
    String group = in.get("group_name");
    if ((user == null || user.isEmpty()) == (group == null || group.isEmpty())) {
      throw new InvalidRequestException(
          "Give exactly one of 'username' and 'group_name': whom the permission is for");
    }
    return user != null && !user.isEmpty() ? Grantee.user(user) : Grantee.group(group);
  }

  private PermissionStore store() {
    return permissions
        .store()
        .orElseThrow(() -> new IllegalStateException("access control without permissions"));
  }

  static Map<String, Object> grantJson(Grant grant) {
    Map<String, Object> json = new LinkedHashMap<>();
    switch (grant.resource().kind()) {
      case EXPERIMENT -> json.put("experiment_id", grant.resource().id());
      case REGISTERED_MODEL -> json.put("name", grant.resource().id());
    }
    switch (grant.grantee().kind()) {
      case USER -> json.put("user_id", grant.granteeId());
      case GROUP -> {
        json.put("group_id", grant.granteeId());
        json.put("group_name", grant.grantee().name());
      }
      case ANYONE -> json.put("anyone", true);
    }
    json.put("permission", grant.permission().name());
    return json;
  }

  private static Map<String, Object> groupJson(Group group) {
    Map<String, Object> json = new LinkedHashMap<>();
    json.put("id", group.id());
    json.put("group_name", group.name());
    json.put("members", group.members());
    json.put("created_at", group.createdAt().toEpochMilli());
    return json;
  }

  private static io.galley.core.NotFoundException noGrant(Resource resource, Grantee grantee) {
    String who =
        (grantee.kind() == Grantee.Kind.USER ? "User '" : "Group '") + grantee.name() + "'";
    return new io.galley.core.NotFoundException(
        who + " has no permission of its own on " + ResourcePermissions.describe(resource) + ".");
  }
}
