package com.modelregistry.api;

import com.modelregistry.core.domain.AuditEntry;
import com.modelregistry.core.domain.Model;
import com.modelregistry.core.domain.ModelCard;
import com.modelregistry.core.domain.ModelVersion;
import com.modelregistry.core.domain.VersionMetadata;
import com.modelregistry.core.port.ArtifactStore.PresignedRequest;
import com.modelregistry.core.service.RegisteredVersion;
import com.modelregistry.core.service.UploadPlan;
import com.modelregistry.core.domain.Routing;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** The JSON shapes of API.md, built from domain records. */
final class Views {
  private Views() {}

  record ModelView(String name, String description, String owner, Map<String, String> tags, long latestVersion,
      Map<String, Long> stages, Map<String, Long> aliases, RoutingView routing, String activePromotion,
      String createdBy, Instant createdAt, Instant updatedAt, long revision) {}

  record VersionRef(long version) {}

  record CandidateView(long version, String mode, int percent) {}

  record RoutingView(VersionRef production, CandidateView candidate, Instant since, Long previousProduction) {}

  record ArtifactView(String uri, String filename, Long sizeBytes, String sha256) {}

  record UploadView(String method, String url, Map<String, String> headers, Instant expiresAt, Long partSizeBytes,
      List<PartView> parts) {}

  record PartView(int partNumber, String url, Map<String, String> headers, Instant expiresAt) {}

  record VersionView(String model, long version, String semver, String status, String statusMessage, String stage,
      List<String> aliases, ArtifactView artifact, VersionMetadata metadata, Map<String, Double> metrics,
      Map<String, String> tags, String description, String createdBy, Instant createdAt, Instant updatedAt,
      UploadView upload) {}

  record AuditView(long seq, Instant at, String actor, String action, Long version, String from, String to,
      String reason, Map<String, String> details, String prevHash, String hash) {}

  record ModelCardView(String model, long version, Map<String, Object> card, String updatedBy, Instant updatedAt) {}

  record DownloadView(String url, Instant expiresAt, String sha256, Long sizeBytes) {}

  static ModelView model(Model model) {
    Map<String, Long> stages = new TreeMap<>();
    model.stages().forEach((stage, version) -> stages.put(stage.label(), version));
    return new ModelView(model.name(), model.description(), model.owner(), new TreeMap<>(model.tags()),
        model.latestVersion(), stages, new TreeMap<>(model.aliases()), routing(model.routing()), model.activePromotion(),
        model.createdBy(), model.createdAt(), model.updatedAt(), model.revision());
  }

  static RoutingView routing(Routing routing) {
    if (routing == null) {
      return null;
    }
    return new RoutingView(routing.production() == null ? null : new VersionRef(routing.production()),
        routing.candidate() == null ? null : new CandidateView(routing.candidate(), routing.mode().name(), routing.percent()),
        routing.since(), routing.previousProduction());
  }

  static VersionView version(RegisteredVersion registered) {
    ModelVersion v = registered.version();
    return new VersionView(v.modelName(), v.version(), v.semver(), v.status().name(), v.statusMessage(),
        v.stage().label(), registered.aliases(),
        new ArtifactView(v.artifact().uri(), v.artifact().filename(), v.artifact().sizeBytes(), v.artifact().sha256()),
        v.metadata(), new TreeMap<>(v.metrics()), new TreeMap<>(v.tags()), v.description(), v.createdBy(),
        v.createdAt(), v.updatedAt(), upload(registered.upload()));
  }

  private static UploadView upload(UploadPlan plan) {
    if (plan == null) {
      return null;
    }
    List<PartView> parts = plan.parts() == null ? null : plan.parts().stream().map(Views::part).toList();
    return new UploadView(plan.method(), plan.url(), plan.headers(), plan.expiresAt(), plan.partSizeBytes(), parts);
  }

  private static PartView part(PresignedRequest part) {
    return new PartView(part.partNumber(), part.url(), part.headers(), part.expiresAt());
  }

  static AuditView audit(AuditEntry e) {
    return new AuditView(e.seq(), e.at(), e.actor(), e.action(), e.version(), e.from(), e.to(), e.reason(),
        new TreeMap<>(e.details()), e.prevHash(), e.hash());
  }

  static ModelCardView card(String model, ModelCard card) {
    return new ModelCardView(model, card.version(), card.content(), card.updatedBy(), card.updatedAt());
  }

  static DownloadView download(PresignedRequest get, ModelVersion version) {
    return new DownloadView(get.url(), get.expiresAt(), version.artifact().sha256(), version.artifact().sizeBytes());
  }
}
