package com.modelregistry.api;

import static com.modelregistry.core.domain.Permission.ADMINISTER;
import static com.modelregistry.core.domain.Permission.PUBLISH;
import static com.modelregistry.core.domain.Permission.READ;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import com.modelregistry.core.RegistryException;
import com.modelregistry.core.domain.ModelFilter;
import com.modelregistry.core.domain.Page;
import com.modelregistry.core.domain.Stage;
import com.modelregistry.core.domain.VersionFilter;
import com.modelregistry.core.domain.VersionStatus;
import com.modelregistry.core.port.ArtifactStore.CompletedPart;
import com.modelregistry.core.service.AuditService;
import com.modelregistry.core.service.CreateModelRequest;
import com.modelregistry.core.service.ModelService;
import com.modelregistry.core.service.RegisterVersionRequest;
import com.modelregistry.core.service.RegisteredVersion;
import com.modelregistry.core.service.UpdateModelRequest;
import com.modelregistry.core.service.UpdateVersionRequest;
import com.modelregistry.core.service.VersionService;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The routes of API.md's Models, Versions, Audit and Health sections, bound to the core services. */
final class RegistryRoutes {
  static final int MAX_IDEMPOTENCY_KEY = 255;

  record SetAliasRequest(Long version) {}

  record ArchiveRequest(String reason) {}

  record FinalizeRequest(List<CompletedPart> parts) {}

  private final ModelService models;
  private final VersionService versions;
  private final AuditService audit;

  RegistryRoutes(ModelService models, VersionService versions, AuditService audit) {
    this.models = models;
    this.versions = versions;
    this.audit = audit;
  }

  Router router() {
    return new Router()
        .add("GET", "/v1/health", null, r -> ApiResponse.json(200, Map.of("status", "ok")))
        .add("POST", "/v1/models", PUBLISH, this::createModel)
        .add("GET", "/v1/models", READ, this::listModels)
        .add("GET", "/v1/models/{name}", READ, r -> ApiResponse.json(200, Views.model(models.get(r.path("name")))))
        .add("PATCH", "/v1/models/{name}", PUBLISH, r -> ApiResponse.json(200, Views.model(
            models.update(actor(r), r.path("name"), JsonCodec.read(r.body(), UpdateModelRequest.class)))))
        .add("DELETE", "/v1/models/{name}", ADMINISTER, r -> {
          models.delete(actor(r), r.path("name"), r.query("reason"));
          return ApiResponse.noContent();
        })
        .add("POST", "/v1/models/{name}/versions", PUBLISH, this::registerVersion)
        .add("GET", "/v1/models/{name}/versions", READ, this::listVersions)
        .add("GET", "/v1/models/{name}/versions/{version}", READ,
            r -> version(200, versions.get(r.path("name"), r.versionNumber())))
        .add("PATCH", "/v1/models/{name}/versions/{version}", PUBLISH, r -> version(200, versions.update(actor(r),
            r.path("name"), r.versionNumber(), JsonCodec.read(r.body(), UpdateVersionRequest.class))))
        .add("POST", "/v1/models/{name}/versions/{version}/finalize", PUBLISH, this::finalizeUpload)
        .add("GET", "/v1/models/{name}/versions/{version}/artifact", READ, r -> {
          RegisteredVersion v = versions.get(r.path("name"), r.versionNumber());
          return ApiResponse.json(200, Views.download(versions.downloadLink(r.path("name"), r.versionNumber()), v.version()));
        })
        .add("PUT", "/v1/models/{name}/versions/{version}/model-card", PUBLISH, r -> ApiResponse.json(200, Views.card(
            r.path("name"), versions.putModelCard(actor(r), r.path("name"), r.versionNumber(), JsonCodec.readObject(r.body())))))
        .add("GET", "/v1/models/{name}/versions/{version}/model-card", READ, r -> ApiResponse.json(200,
            Views.card(r.path("name"), versions.getModelCard(r.path("name"), r.versionNumber()))))
        .add("POST", "/v1/models/{name}/versions/{version}/archive", PUBLISH, r -> {
          String reason = r.body() == null || r.body().isBlank() ? null : JsonCodec.read(r.body(), ArchiveRequest.class).reason();
          return version(200, versions.archive(actor(r), r.path("name"), r.versionNumber(), reason));
        })
        .add("GET", "/v1/models/{name}/resolve", READ, r -> version(200, versions.resolve(r.path("name"), r.query("ref"))))
        .add("GET", "/v1/models/{name}/compare", READ, r -> {
          String list = r.query("versions");
          if (list == null) {
            throw RegistryException.invalid("versions is required, e.g. ?versions=3,7");
          }
          return ApiResponse.json(200, versions.compare(r.path("name"), VersionService.parseNumbers(list)));
        })
        .add("PUT", "/v1/models/{name}/aliases/{alias}", PUBLISH, r -> {
          SetAliasRequest body = JsonCodec.read(r.body(), SetAliasRequest.class);
          if (body.version() == null) {
            throw RegistryException.invalid("version is required, e.g. {\"version\": 3}");
          }
          return ApiResponse.json(200, Views.model(models.setAlias(actor(r), r.path("name"), r.path("alias"), body.version())));
        })
        .add("DELETE", "/v1/models/{name}/aliases/{alias}", PUBLISH, r -> {
          models.deleteAlias(actor(r), r.path("name"), r.path("alias"));
          return ApiResponse.noContent();
        })
        .add("GET", "/v1/models/{name}/audit", READ, r -> {
          var page = audit.list(r.path("name"), r.page());
          return ApiResponse.json(200, pageBody("entries", page.items().stream().map(Views::audit).toList(), page));
        })
        .add("GET", "/v1/models/{name}/audit/verify", READ, r -> ApiResponse.json(200, audit.verify(r.path("name"))));
  }

  private APIGatewayV2HTTPResponse createModel(ApiRequest r) {
    return ApiResponse.json(201, Views.model(models.create(actor(r), JsonCodec.read(r.body(), CreateModelRequest.class))));
  }

  private APIGatewayV2HTTPResponse listModels(ApiRequest r) {
    String stage = r.query("stage");
    ModelFilter filter = new ModelFilter(stage == null ? null : Stage.parse(stage), r.query("owner"), r.tagFilter(),
        r.query("nameContains"));
    var page = models.list(filter, r.page());
    return ApiResponse.json(200, pageBody("models", page.items().stream().map(Views::model).toList(), page));
  }

  private APIGatewayV2HTTPResponse registerVersion(ApiRequest r) {
    String key = r.header("idempotency-key");
    if (key != null && (key.isBlank() || key.length() > MAX_IDEMPOTENCY_KEY)) {
      throw RegistryException.invalid("Idempotency-Key must be 1-" + MAX_IDEMPOTENCY_KEY + " characters");
    }
    RegisterVersionRequest body = JsonCodec.read(r.body(), RegisterVersionRequest.class);
    return version(201, versions.register(actor(r), r.path("name"), body, key));
  }

  private APIGatewayV2HTTPResponse listVersions(ApiRequest r) {
    String stage = r.query("stage");
    String status = r.query("status");
    VersionFilter filter = new VersionFilter(stage == null ? null : Stage.parse(stage),
        status == null ? null : VersionStatus.parse(status), r.tagFilter());
    var page = versions.list(r.path("name"), filter, r.page());
    return ApiResponse.json(200, pageBody("versions", page.items().stream().map(Views::version).toList(), page));
  }

  private APIGatewayV2HTTPResponse finalizeUpload(ApiRequest r) {
    List<CompletedPart> parts = r.body() == null || r.body().isBlank() ? null
        : JsonCodec.read(r.body(), FinalizeRequest.class).parts();
    return version(200, versions.finalizeUpload(actor(r), r.path("name"), r.versionNumber(), parts));
  }

  private static APIGatewayV2HTTPResponse version(int status, RegisteredVersion version) {
    return ApiResponse.json(status, Views.version(version));
  }

  private static Map<String, Object> pageBody(String field, List<?> items, Page<?> page) {
    Map<String, Object> body = new LinkedHashMap<>();
    body.put(field, items);
    if (page.nextPageToken() != null) {
      body.put("nextPageToken", page.nextPageToken());
    }
    return body;
  }

  private static String actor(ApiRequest r) {
    return r.principal().name();
  }
}
