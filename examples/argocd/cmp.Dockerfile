# The CMP sidecar image: the inject-sidecar image (the repository's Dockerfile) plus kustomize, running as Argo CD's
# user 999. argocd-cmp-server itself is not in the image: Argo CD copies it into the var-files volume.
#   docker build -t inject-sidecar:0.1.0 . && docker build -t inject-sidecar-cmp:0.1.0 -f examples/argocd/cmp.Dockerfile .
FROM registry.k8s.io/kustomize/kustomize:v5.5.0 AS kustomize

FROM inject-sidecar:0.1.0
COPY --from=kustomize /app/kustomize /usr/local/bin/kustomize
USER root
RUN ln -s /app/dist/inject-sidecar.js /usr/local/bin/inject-sidecar
USER 999
ENTRYPOINT []
