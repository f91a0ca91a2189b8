-- Asks Sluice to abort the canary's run: the controller handles the annotation once and removes it.
if obj.metadata.annotations == nil then
  obj.metadata.annotations = {}
end
obj.metadata.annotations["sluice.dev/request"] = "abort/argocd-" .. os.date("!%Y%m%dt%H%M%S") .. "-" .. math.random(100000, 999999)
return obj
