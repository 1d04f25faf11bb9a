/** What `kube play` writes on what it makes, so `kube down` finds it again. */

/** The kind of the object that made it: Pod, Deployment, PersistentVolumeClaim, or emptyDir for a pod's scratch volume. */
export const KUBE_KIND_LABEL = 'io.wharf.kube.kind';
/** The name of that object. */
export const KUBE_NAME_LABEL = 'io.wharf.kube.name';

export function kubeLabels(kind: string, name: string): Record<string, string> {
  return { [KUBE_KIND_LABEL]: kind, [KUBE_NAME_LABEL]: name };
}

/** On a PersistentVolumeClaim `kube generate` writes: the Docker volume it stands for, when the claim's name cannot be it (`proj_data`). */
export const KUBE_VOLUME_ANNOTATION = 'io.wharf.kube.volume';
